/**
 * Options of the health integration: the core's policy options (what counts as drift) plus what
 * the health body may reveal. Validated with zod, like the core's.
 */
import { z } from 'zod';
import { guardOptionsSchema, parseOptions } from '../../options';

// Only the options that decide what counts as drift: `mode` and `logger` (and any mode's own
// settings) belong to validateSchemaOnStartup's act step, which a health check does not run.
const healthOptionsSchema = guardOptionsSchema
  .pick({ severity: true, ignore: true, reportUnexpectedTables: true, schemas: true, timeoutMs: true })
  .extend({
    /**
     * Put finding messages (which name tables and columns) and the error message of an unreachable
     * database (passwords redacted) in the body's `output`. Default false: counts only, because a
     * health endpoint is often reachable by load balancers and monitoring vendors.
     */
    details: z.boolean().default(false),
  })
  .strict();

/**
 * Options of `schemaHealth`, `schemaHealthHandler` and `schemaHealthIndicator`.
 *
 * @example
 * schemaHealthHandler(dataSource, { ignore: { tables: ['legacy_audit'] }, details: process.env.NODE_ENV !== 'production' });
 */
export type SchemaHealthOptions = z.input<typeof healthOptionsSchema>;
/** {@link SchemaHealthOptions} after defaults. */
export type ResolvedHealthOptions = z.output<typeof healthOptionsSchema>;

/** Validates health options, failing fast with the option's name. */
export function parseHealthOptions(options: unknown): ResolvedHealthOptions {
  return parseOptions(healthOptionsSchema, options, 'typeorm-schema-guard health options');
}
