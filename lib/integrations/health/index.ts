/**
 * `typeorm-schema-guard/health`: schema drift as a health check (IETF `application/health+json`),
 * an HTTP handler, a NestJS-terminus-shaped indicator, and a watcher for changes at run time.
 */
export {
  HEALTH_CONTENT_TYPE,
  schemaHealth,
  schemaHealthHandler,
  schemaHealthIndicator,
  type HealthRequest,
  type HealthResponse,
  type SchemaHealthResult,
  type TerminusIndicatorResult,
} from './schema-health';
export { watchSchema, type SchemaWatcher, type WatchSchemaOptions } from './watch-schema';
export type { SchemaCheckOutcome, SchemaState } from './check-schema-cached';
export type { HealthBody, HealthCheckEntry, HealthStatus } from './format-health-body';
export type { SchemaHealthOptions } from './health-options';
