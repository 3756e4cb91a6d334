/**
 * typeorm-schema-guard: stops a service from running on a database that does not match its
 * TypeORM entities. The public API, and nothing else.
 */
export { validateSchemaOnStartup } from './validate';
export type { DataSourceInput } from './typeorm/typeorm-shapes';
export {
  DegradedCriteriaError,
  DegradedRelationError,
  DegradedWriteError,
  getSchemaDegradation,
  restoreSchemaDegradation,
  type SchemaDegradationStatus,
} from './degrade';
export { SchemaDriftError, SchemaIntrospectionError, SchemaGuardConfigError } from './errors';
export { FINDING_CODES, type Degradation, type Finding, type FindingCode, type SchemaReport, type Severity } from './model/finding';
export type { GuardOptions, GuardLogger } from './options';
export { formatReportText, formatFindingsText } from './report/format-text';
