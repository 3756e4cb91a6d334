/**
 * The options of `validateSchemaOnStartup`. Their types are inferred from the zod schema
 * (lib/guard-options-schema.ts) so the two cannot drift apart; the schema, and zod with it, is
 * loaded only when the options are not the common ones.
 */
import type { z } from 'zod';
import { SchemaGuardConfigError } from './errors';
import type { guardOptionsSchema } from './guard-options-schema';

/** The logger interface the library writes to; a pino logger fits. */
export interface GuardLogger {
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** Options of `validateSchemaOnStartup`, as the caller writes them. */
export type GuardOptions = z.input<typeof guardOptionsSchema>;
/** Options after defaults were applied. */
export type ResolvedGuardOptions = z.output<typeof guardOptionsSchema>;

/** Validates options, failing fast with the option's name and what was expected. */
export function parseGuardOptions(options: unknown): ResolvedGuardOptions {
  return (
    resolveCommonOptions(options ?? {}) ??
    parseOptions(loadGuardOptionsSchema(), options, 'typeorm-schema-guard options')
  );
}

/** The schema, required on first use. */
export function loadGuardOptionsSchema(): typeof guardOptionsSchema {
  return (require('./guard-options-schema') as typeof import('./guard-options-schema')).guardOptionsSchema;
}

const MODES: readonly unknown[] = ['throw', 'warn', 'degrade'];
const COMMON_KEYS: readonly string[] = ['mode', 'logger', 'timeoutMs'];

/**
 * No options, or only valid `mode`, `logger` and `timeoutMs`, resolved as the schema would (a test
 * compares both) without loading zod, which takes longer to import than the rest of the library.
 * Anything else gives undefined: the schema decides, and words the errors.
 */
function resolveCommonOptions(options: unknown): ResolvedGuardOptions | undefined {
  if (typeof options !== 'object' || options === null || Object.getPrototypeOf(options) !== Object.prototype) return undefined;
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) if (!COMMON_KEYS.includes(key) || given[key] === undefined) return undefined;
  const { mode = 'throw', logger, timeoutMs = 10_000 } = given;
  if (!MODES.includes(mode)) return undefined;
  if (logger !== undefined && !isLogger(logger)) return undefined;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > 600_000) return undefined;
  return {
    mode: mode as ResolvedGuardOptions['mode'],
    degrade: { allowUncontainable: false, onDroppedWrite: 'warn' },
    ...(logger === undefined ? {} : { logger }),
    severity: {},
    ignore: { tables: [], columns: [], codes: [], entities: [] },
    reportUnexpectedTables: false,
    schemas: [],
    timeoutMs,
  };
}

/** Whether `value` is a pino-compatible logger: an object with warn, info and error methods. */
export function isLogger(value: unknown): value is GuardLogger {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['warn', 'info', 'error'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
  );
}

/**
 * Parses `options` (undefined means none) with `schema`, or throws a {@link SchemaGuardConfigError}
 * listing every problem as `options.<path>: <what was expected>`, titled `Invalid <what>`.
 */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown, what: string): z.output<S> {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length ? `options.${issue.path.join('.')}` : 'options';
    return `${path}: ${issue.message}`;
  });
  throw new SchemaGuardConfigError(`Invalid ${what}:\n  ${problems.join('\n  ')}`, {
    option: result.error.issues[0]?.path.join('.') || undefined,
  });
}
