import { ValidationError } from './errors';

/** Opaque page cursors of listStates: the last agent id of a page, base64url-encoded. */
export function encodeCursor(agentId: string): string {
  return Buffer.from(agentId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (decoded.length === 0 || encodeCursor(decoded) !== cursor) {
    throw new ValidationError([{ path: 'cursor', message: 'cursor is not one this service issued', code: 'invalid_value' }]);
  }
  return decoded;
}
