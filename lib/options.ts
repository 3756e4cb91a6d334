/**
 * The options of `validateSchemaOnStartup`, validated with zod; the TypeScript type is inferred
 * from the schema so the two cannot drift apart.
 */
import { z } from 'zod';
import { SchemaGuardConfigError } from './errors';
import { FINDING_CODES } from './model/finding';

const severitySchema = z.enum(['error', 'warning', 'info']);
const codeSchema = z.enum(FINDING_CODES);
const matcherSchema = z.union([z.string().min(1), z.instanceof(RegExp)]);

/** A pino-compatible logger: anything with `warn`, `info` and `error` methods taking (object, message). */
const loggerSchema = z.custom<GuardLogger>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['warn', 'info', 'error'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
  { message: 'expected a pino-compatible logger (an object with warn, info and error methods)' },
);

/** The logger interface the library writes to; a pino logger fits. */
export interface GuardLogger {
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const guardOptionsSchema = z
  .object({
    /**
     * What to do with the findings. `throw` (default): reject with `SchemaDriftError` when any
     * finding is an error. `warn`: log every finding through pino and resolve. `degrade`: log every
     * finding, then make TypeORM load around the broken relations and columns (docs/degrade.md);
     * findings no degradation can contain still throw unless `degrade.allowUncontainable`.
     * @example { mode: 'degrade' }
     */
    mode: z.enum(['throw', 'warn', 'degrade']).default('throw'),
    /**
     * Settings of `mode: 'degrade'` (ignored in the other modes).
     * @example { mode: 'degrade', degrade: { allowUncontainable: false, onDroppedWrite: 'throw' } }
     */
    degrade: z
      .object({
        /** Resolve even when an error cannot be contained (an entity's own table missing, a primary-key mismatch...). Default false: throw `SchemaDriftError`. */
        allowUncontainable: z.boolean().default(false),
        /** A write carrying a value for a degraded column: `warn` (default) logs and saves the rest; `throw` rejects the write. */
        onDroppedWrite: z.enum(['warn', 'throw']).default('warn'),
      })
      .strict()
      .default({ allowUncontainable: false, onDroppedWrite: 'warn' }),
    /** Where findings are logged in `warn` and `degrade` modes (degrade mode also logs what it degrades). Default: a pino logger on stderr. */
    logger: loggerSchema.optional(),
    /** Override the severity of a finding code, or turn it `off`: `{ default_mismatch: 'info', missing_index: 'off' }`. */
    severity: z.partialRecord(codeSchema, z.union([severitySchema, z.literal('off')])).default({}),
    /** Findings to skip, by table (`'legacy_audit'`, `/^tmp_/`), column (`'tasks.legacy_flag'`), code, or entity (`'OrderSalesChannel'`: registered but unused in this deployment). */
    ignore: z
      .object({
        tables: z.array(matcherSchema).default([]),
        columns: z.array(matcherSchema).default([]),
        codes: z.array(codeSchema).default([]),
        entities: z.array(matcherSchema).default([]),
      })
      .strict()
      .default({ tables: [], columns: [], codes: [], entities: [] }),
    /** Report tables no entity maps (`unexpected_table`, info). Default false. */
    reportUnexpectedTables: z.boolean().default(false),
    /** Extra schemas to read besides those the entities name: PostgreSQL schemas, or SQLite attached databases (only matters with reportUnexpectedTables). */
    schemas: z.array(z.string().min(1)).default([]),
    /** Deadline for the whole check in milliseconds (connection, catalog queries). Default 10 000. */
    timeoutMs: z.number().int().positive().max(600_000).default(10_000),
  })
  .strict();

/** Options of `validateSchemaOnStartup`, as the caller writes them. */
export type GuardOptions = z.input<typeof guardOptionsSchema>;
/** Options after defaults were applied. */
export type ResolvedGuardOptions = z.output<typeof guardOptionsSchema>;

/** Validates options, failing fast with the option's name and what was expected. */
export function parseGuardOptions(options: unknown): ResolvedGuardOptions {
  return parseOptions(guardOptionsSchema, options, 'typeorm-schema-guard options');
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
