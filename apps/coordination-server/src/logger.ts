import type { Writable } from 'node:stream';
import winston from 'winston';
import type { Logger } from '@agentcore/coordination-core';
import type { LogLevel } from './config';

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** core's Logger plus the level check that lets hot paths skip building log metadata. */
export interface AppLogger extends Logger {
  readonly level: LogLevel;
  isEnabled(level: LogLevel): boolean;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where the JSON lines go; stdout by default. */
  stream?: Writable;
}

/**
 * winston, one JSON object per line. Calls below the configured level return before winston
 * sees them: winston would otherwise push every call through its stream machinery first.
 */
export function createLogger(options: LoggerOptions): AppLogger {
  const transport =
    options.stream === undefined ? new winston.transports.Console() : new winston.transports.Stream({ stream: options.stream });
  const logger = winston.createLogger({
    level: options.level,
    levels: SEVERITY,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'coordination-server' },
    transports: [transport],
  });
  const threshold = SEVERITY[options.level];
  const at = (level: LogLevel) => (message: string, meta?: Record<string, unknown>) => {
    if (SEVERITY[level] <= threshold) logger.log(level, message, meta);
  };
  return {
    level: options.level,
    isEnabled: (level) => SEVERITY[level] <= threshold,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
  };
}
