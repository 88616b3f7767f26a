import type { SortedIds } from './agent-index';
import { ValidationError } from './errors';

/** The largest page a listing answers. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export interface PageRequest {
  limit?: number;
  /** The opaque `next_cursor` of the previous page; absent or null for the first. */
  cursor?: string | null;
}

/** Opaque page cursors: the last agent id of a page, base64url-encoded. */
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

/** One page of `ids` in id order after the request's cursor, and the cursor of the next page (null on the last). */
export function pageOf(ids: SortedIds, request: PageRequest): { ids: string[]; nextCursor: string | null } {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError([{ path: 'limit', message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, code: 'invalid_value' }]);
  }
  const after = request.cursor === undefined || request.cursor === null ? undefined : decodeCursor(request.cursor);
  // One more than the page says whether another page follows.
  const page = ids.after(after, limit + 1);
  if (page.length <= limit) return { ids: page, nextCursor: null };
  page.length = limit;
  return { ids: page, nextCursor: encodeCursor(page[limit - 1]) };
}
