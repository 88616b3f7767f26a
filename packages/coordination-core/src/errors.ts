import type { z } from 'zod';

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `signals.3.value`. */
  path: string;
  message: string;
  code: string;
}

/** Input rejected: nothing was stored. `issues` names every offending field. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(`invalid input: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
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
