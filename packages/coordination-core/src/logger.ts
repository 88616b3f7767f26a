/** Where core writes what it has to say; the host injects its own (core never prints). */
export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

const discard = (): void => undefined;
/** The default logger: core has nothing to say unless the host wants to hear it. */
export const silentLogger: Logger = { debug: discard, info: discard, warn: discard, error: discard };
