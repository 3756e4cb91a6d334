/**
 * The zod schema of the health integration's options, loaded by health-options.ts on first use
 * so that importing `typeorm-schema-guard/health` does not load zod.
 */
import { z } from 'zod';
import { guardOptionsSchema } from '../../guard-options-schema';

// Only the options that decide what counts as drift: `mode` and `logger` (and any mode's own
// settings) belong to validateSchemaOnStartup's act step, which a health check does not run.
export const healthOptionsSchema = guardOptionsSchema
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
