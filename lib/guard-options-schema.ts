/**
 * The zod schema of `validateSchemaOnStartup`'s options. Loaded only when options need it
 * (lib/options.ts): zod is most of the library's import time.
 */
import { z } from 'zod';
import { FINDING_CODES } from './model/finding';
import { isLogger, type GuardLogger } from './options';

const severitySchema = z.enum(['error', 'warning', 'info']);
const codeSchema = z.enum(FINDING_CODES);
const matcherSchema = z.union([z.string().min(1), z.instanceof(RegExp)]);

/** A pino-compatible logger: anything with `warn`, `info` and `error` methods taking (object, message). */
const loggerSchema = z.custom<GuardLogger>(isLogger, {
  message: 'expected a pino-compatible logger (an object with warn, info and error methods)',
});

/** The options of `validateSchemaOnStartup`: their types, defaults and error messages. */
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
