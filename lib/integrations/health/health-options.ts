/**
 * Options of the health integration: the core's policy options (what counts as drift) plus what
 * the health body may reveal. Validated with zod, like the core's (the schema is in
 * health-options-schema.ts).
 */
import type { z } from 'zod';
import { parseOptions } from '../../options';
import type { healthOptionsSchema } from './health-options-schema';

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
  const { healthOptionsSchema } = require('./health-options-schema') as typeof import('./health-options-schema');
  return parseOptions(healthOptionsSchema, options, 'typeorm-schema-guard health options');
}
