import type { z } from 'zod';

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `signals.3.value`. */
  path: string;
  message: string;
  code: string;
}

/**
 * Input rejected: nothing was stored. `issues` names the offending fields; `omitted` counts
 * further invalid items of a batch whose issues were not worked out (see registerSignals).
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly issues: readonly ValidationIssue[],
    readonly omitted = 0,
  ) {
    const listed = issues.slice(0, 20).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length - listed.length + omitted;
    super(`invalid input: ${listed.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`);
  }
}

/** A configuration variable has a bad value; the message names the variable and the expected form. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly received: string,
  ) {
    super(`${variable}: expected ${expected}, got ${JSON.stringify(received)}`);
  }
}

export function issuesFromZod(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}
