/**
 * Reading raw params (anything a client sent) before validation, for the estimates a call is
 * charged by. Never throws; anything odd reads as absent.
 */
export function field(raw: unknown, name: string): unknown {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>)[name] : undefined;
}

/** Length of a list param, or `otherwise` when it is not a list. */
export function listLength(raw: unknown, name: string, otherwise: number): number {
  const value = field(raw, name);
  return Array.isArray(value) ? value.length : otherwise;
}
