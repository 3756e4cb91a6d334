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
export {
  FINDING_CODES,
  type ColumnDegradation,
  type DefaultMismatchFinding,
  type Degradation,
  type DegradationBase,
  type EnumMismatchFinding,
  type Finding,
  type FindingBase,
  type FindingCode,
  type FindingOf,
  type ForeignKeyActionChange,
  type ForeignKeyMismatchFinding,
  type ForeignKeyTarget,
  type ForeignKeyTypeMismatchFinding,
  type GeneratedMismatchFinding,
  type GenerationKind,
  type InsufficientPrivilegeFinding,
  type InvalidIndexFinding,
  type MissingCheckFinding,
  type MissingColumnFinding,
  type MissingForeignKeyFinding,
  type MissingIndexFields,
  type MissingIndexFinding,
  type MissingTableFinding,
  type MissingUniqueFinding,
  type MissingViewFinding,
  type NearIndexMatch,
  type NullabilityDirection,
  type NullabilityMismatchFinding,
  type PrimaryKeyMismatchFinding,
  type RelationDegradation,
  type SchemaReport,
  type Severity,
  type TypeDifference,
  type TypeMismatchFinding,
  type UnexpectedColumnFinding,
  type UnexpectedTableFinding,
} from './model/finding';
export type { GuardOptions, GuardLogger } from './options';
export type { FixHazard, FixPlan, FixStep } from './fix/fix-plan';
export { formatReportText, formatFindingsText } from './report/format-text';
