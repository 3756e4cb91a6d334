import type { GuardLogger } from './options';

let shared: GuardLogger | undefined;

/**
 * The logger used when the caller gives none: one pino logger on stderr, shared by the
 * validation and the watcher. pino is loaded on first use, so a caller with its own logger
 * never loads it.
 */
export function defaultLogger(): GuardLogger {
  if (!shared) {
    const { pino } = require('pino') as typeof import('pino');
    shared = pino({ name: 'typeorm-schema-guard' }, pino.destination(2));
  }
  return shared;
}
