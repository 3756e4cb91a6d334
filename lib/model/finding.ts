/**
 * Findings: one plain object per drift, keyed by a stable literal `code`. Codes are public API:
 * never rename one; add new ones instead.
 */
import type { FixPlan } from '../fix/fix-plan';

/** Every finding code the library can emit. See docs/findings.md for each. */
export const FINDING_CODES = [
  'missing_table',
  'missing_view',
  'unexpected_table',
  'missing_column',
  'unexpected_column',
  'type_mismatch',
  'enum_mismatch',
  'nullability_mismatch',
  'default_mismatch',
  'generated_mismatch',
  'primary_key_mismatch',
  'missing_foreign_key',
  'foreign_key_mismatch',
  'foreign_key_type_mismatch',
  'missing_index',
  'missing_unique',
  'missing_check',
  'insufficient_privilege',
  'invalid_index',
] as const;

/** A stable snake_case identifier of a kind of drift. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** How much a finding matters: `error` breaks reads or writes every time; `warning` for some values or quietly; `info` is harmless. */
export type Severity = 'error' | 'warning' | 'info';

/** A property of a column's type that can differ between the entity and the database. */
export type TypeDifference = 'type' | 'length' | 'precision' | 'scale' | 'array';

/**
 * The fields every finding has, whatever its code. Each code's own interface below adds the
 * structured facts of that kind of drift; `expected`, `actual` and `message` say the same in words.
 */
export interface FindingBase {
  /** What kind of drift this is; stable, documented in docs/findings.md. */
  code: FindingCode;
  /** How much it matters (after `options.severity` overrides). */
  severity: Severity;
  /** The table as the database names it; schema-qualified when not in the default schema. */
  table: string;
  /** The column concerned, where there is one (several, comma-separated, for keys and indexes). */
  column?: string;
  /** The entity's name, where the finding belongs to one. */
  entity?: string;
  /** `Entity.property` of the relation affected, where one is (e.g. `Task.labels`). */
  relation?: string;
  /** What the entities declare, in words or SQL. */
  expected?: string;
  /** What the database has, in words or SQL. */
  actual?: string;
  /** One line a person understands. */
  message: string;
  /** Suggested SQL that would make the database match; printed, never executed by the library. */
  fix?: string;
}

/** An entity's table, a many-to-many junction table or a closure table does not exist. */
export interface MissingTableFinding extends FindingBase {
  code: 'missing_table';
  /** What the table is for: an entity's own table, a many-to-many junction, or a closure table of a tree. */
  role: 'entity' | 'junction' | 'closure';
  /** A table of the database whose name differs only in letter case, when there is one. */
  similarName?: string;
}

/** A `@ViewEntity`'s view does not exist. */
export interface MissingViewFinding extends FindingBase {
  code: 'missing_view';
  /** A table or view of the database whose name differs only in letter case, when there is one. */
  similarName?: string;
}

/** A table no entity maps (only with `reportUnexpectedTables`). */
export interface UnexpectedTableFinding extends FindingBase {
  code: 'unexpected_table';
}

/** A column the entity declares is absent. */
export interface MissingColumnFinding extends FindingBase {
  code: 'missing_column';
  column: string;
  /** A column of the table whose name differs only in letter case, when there is one. */
  similarName?: string;
  /** The entities whose every load fails. */
  failingEntities: string[];
  /** The relations (`Entity.property`) whose every load fails, since they load this table. */
  failingRelations: string[];
}

/** A column of the database no entity property maps. */
export interface UnexpectedColumnFinding extends FindingBase {
  code: 'unexpected_column';
  column: string;
  /** Whether the database column accepts NULL. */
  isNullable: boolean;
  /** Whether the database column has a default. */
  hasDefault: boolean;
  /** Whether the database generates the column's value (identity, computed). */
  isGenerated: boolean;
}

/** The column's type differs from the declared one. */
export interface TypeMismatchFinding extends FindingBase {
  code: 'type_mismatch';
  column: string;
  /** Which properties of the type differ: the base type, a modifier, or array vs scalar. */
  differences: TypeDifference[];
}

/** The enum's values differ. */
export interface EnumMismatchFinding extends FindingBase {
  code: 'enum_mismatch';
  column: string;
  /** Values the entity declares that the database does not accept (writing them fails). */
  missing: string[];
  /** Values the database accepts that the entity does not declare. */
  extra: string[];
  /** True when the values both sides have come in another order (PostgreSQL enums, whose order is their sort order). */
  orderDiffers: boolean;
  /** The declared values, in declaration order. */
  expectedValues: string[];
  /** The database's values, in its order. */
  actualValues: string[];
  /** PostgreSQL: the database's enum type, schema-qualified when not in the default schema. */
  enumName?: string;
}

/**
 * Which way nullability differs: `database_requires_value` when the entity allows NULL and the
 * column is `NOT NULL` (saving null fails); `database_allows_null` when the column accepts NULL
 * where the entity does not (rows load null into a non-null property).
 */
export type NullabilityDirection = 'database_requires_value' | 'database_allows_null';

/** `NULL` is allowed on one side and not on the other. */
export interface NullabilityMismatchFinding extends FindingBase {
  code: 'nullability_mismatch';
  column: string;
  /** Which side accepts NULL. */
  direction: NullabilityDirection;
  /** True for the join column of a relation (TypeORM marks them nullable unless told otherwise). */
  isJoinColumn: boolean;
}

/** The default differs after normalisation. */
export interface DefaultMismatchFinding extends FindingBase {
  code: 'default_mismatch';
  column: string;
  /** The default the entity declares, as it spells it; absent when it declares none. */
  expectedDefault?: string;
  /** The database's default, as the database spells it; absent when the column has none. */
  actualDefault?: string;
}

/** How a column gets its value: generated by the database, computed, or `none` (a plain column). */
export type GenerationKind = 'increment' | 'uuid' | 'computed' | 'none';

/** Generation differs. */
export interface GeneratedMismatchFinding extends FindingBase {
  code: 'generated_mismatch';
  column: string;
  /** How the entity expects the value to be generated. */
  expectedGeneration: GenerationKind;
  /** How the database generates it (`none` also when the column has no default at all). */
  actualGeneration: GenerationKind;
  /** The declared generation expression of a computed column, when known. */
  expectedExpression?: string;
  /** The database's generation expression of a computed column, when known. */
  actualExpression?: string;
}

/** The primary key differs, compared as a set of columns. */
export interface PrimaryKeyMismatchFinding extends FindingBase {
  code: 'primary_key_mismatch';
  /** The declared key columns, in key order. */
  expectedColumns: string[];
  /** The database's key columns, in key order; empty when the table has no primary key. */
  actualColumns: string[];
  /** When the table has no primary key: the columns of the full unique index that addresses rows instead, if one does. */
  uniqueIndexColumns?: string[];
}

/** Where a foreign key points. */
export interface ForeignKeyTarget {
  /** The referenced table, as findings name tables. */
  table: string;
  /** The referenced columns, paired with the key's columns. */
  columns: string[];
}

/** A relation's foreign key constraint is absent. */
export interface MissingForeignKeyFinding extends FindingBase {
  code: 'missing_foreign_key';
  /** The referencing (join) columns, in key order. */
  columns: string[];
  /** Where the declared key points. */
  target: ForeignKeyTarget;
  /** The declared `ON DELETE` action (`no action`, `restrict`, `cascade`, `set null`, `set default`). */
  onDelete: string;
  /** The declared `ON UPDATE` action, same vocabulary. */
  onUpdate: string;
}

/** One referential action that differs. */
export interface ForeignKeyActionChange {
  /** `delete` for `ON DELETE`, `update` for `ON UPDATE`. */
  event: 'delete' | 'update';
  /** The declared action (`no action`, `restrict`, `cascade`, `set null`, `set default`). */
  expected: string;
  /** The database's action, same vocabulary. */
  actual: string;
}

/** The foreign key exists but references another table or columns, or its actions differ. */
export interface ForeignKeyMismatchFinding extends FindingBase {
  code: 'foreign_key_mismatch';
  /** The referencing (join) columns, in key order. */
  columns: string[];
  /** Where the declared key points. */
  target: ForeignKeyTarget;
  /** Where the database's key points, when that differs from `target`. */
  actualTarget?: ForeignKeyTarget;
  /** The actions that differ; empty when only the target does. */
  changes: ForeignKeyActionChange[];
  /** The name of the database's constraint, when known. */
  constraintName?: string;
}

/** A join column's type differs from the type of the column it references. */
export interface ForeignKeyTypeMismatchFinding extends FindingBase {
  code: 'foreign_key_type_mismatch';
  column: string;
  /** The referenced table, as findings name tables. */
  referencedTable: string;
  /** The referenced column. */
  referencedColumn: string;
  /** The referenced column's type, as the database spells it. */
  referencedType: string;
  /** Which properties of the two types differ. */
  differences: TypeDifference[];
}

/** The index in the database that nearly does what a declared index or unique is for. */
export interface NearIndexMatch {
  /** `index` for an index or unique constraint, `primary_key` for the primary key. */
  kind: 'index' | 'primary_key';
  /** Its columns, in order. */
  columns: string[];
  /** Whether it enforces uniqueness. */
  isUnique: boolean;
  /** Its partial-index predicate, when it has one. */
  where?: string;
}

/** The declared index or unique a `missing_index` or `missing_unique` finding is about. */
export interface MissingIndexFields {
  /** The declared columns, in order. */
  columns: string[];
  /** The declared partial-index predicate, when there is one. */
  where?: string;
  /** The declared name, when the entity gives one (indexes are never matched by name). */
  indexName?: string;
  /**
   * The database's index that serves the declaration in part, when one does: a partial index
   * `WHERE col IS NOT NULL` or `WHERE <delete-date column> IS NULL` (info), or a full unique or primary key where a partial unique is
   * declared (stricter: a warning).
   */
  nearMatch?: NearIndexMatch;
}

/** An `@Index` is absent. */
export interface MissingIndexFinding extends FindingBase, MissingIndexFields {
  code: 'missing_index';
}

/** A unique constraint or unique index is absent. */
export interface MissingUniqueFinding extends FindingBase, MissingIndexFields {
  code: 'missing_unique';
}

/** A `@Check` is absent. */
export interface MissingCheckFinding extends FindingBase {
  code: 'missing_check';
  /** The declared check expression (without the `CHECK` keyword). */
  expression: string;
  /** The declared constraint name, when known. */
  checkName?: string;
}

/** PostgreSQL: the connected role cannot `SELECT` from the table. */
export interface InsufficientPrivilegeFinding extends FindingBase {
  code: 'insufficient_privilege';
}

/** PostgreSQL: an index marked invalid, left by a failed `CREATE [UNIQUE] INDEX CONCURRENTLY`. */
export interface InvalidIndexFinding extends FindingBase {
  code: 'invalid_index';
  /** The invalid index's name. */
  indexName: string;
  /** Its columns, in order; empty for an index on expressions only. */
  columns: string[];
  /** Whether it is a unique index. */
  isUnique: boolean;
  /** Its partial-index predicate, when it has one. */
  where?: string;
  /** Its expression, for an expression index. */
  expression?: string;
  /** The columns of the declared index or unique it leaves unserved, when it is the only index of that shape. */
  declaredColumns?: string[];
}

/** One drift between the entities and the database, keyed by `code`. JSON-serialisable. */
export type Finding =
  | MissingTableFinding
  | MissingViewFinding
  | UnexpectedTableFinding
  | MissingColumnFinding
  | UnexpectedColumnFinding
  | TypeMismatchFinding
  | EnumMismatchFinding
  | NullabilityMismatchFinding
  | DefaultMismatchFinding
  | GeneratedMismatchFinding
  | PrimaryKeyMismatchFinding
  | MissingForeignKeyFinding
  | ForeignKeyMismatchFinding
  | ForeignKeyTypeMismatchFinding
  | MissingIndexFinding
  | MissingUniqueFinding
  | MissingCheckFinding
  | InsufficientPrivilegeFinding
  | InvalidIndexFinding;

/**
 * The finding of one code, with its own fields.
 *
 * @example
 * const isTypeMismatch = (f: Finding): f is FindingOf<'type_mismatch'> => f.code === 'type_mismatch';
 * report.findings.filter(isTypeMismatch).filter((f) => f.differences.includes('length'));
 */
export type FindingOf<C extends FindingCode> = Extract<Finding, { code: C }>;

/** The result of one validation. JSON-serialisable. */
export interface SchemaReport {
  /** True when no finding has severity `error`. */
  ok: boolean;
  /** Which database was checked. */
  dialect: 'postgres' | 'sqlite';
  /** Every drift found, not only the first; sorted by severity, then table, then column. */
  findings: Finding[];
  /** What the check covered and cost. */
  stats: {
    /** Tables (and views) the entities expect. */
    tables: number;
    /** Columns the entities expect, over all those tables. */
    columns: number;
    /** Database round trips the check issued. */
    queries: number;
    /** Wall time of the whole check, in milliseconds. */
    durationMs: number;
  };
  /**
   * Only in `mode: 'degrade'`: the relations and columns TypeORM now loads around, each with the
   * finding that caused it. Empty when nothing had to be degraded. See docs/degrade.md.
   */
  degraded?: Degradation[];
  /**
   * The fixes of the findings as ordered steps, each with its reverse, notes and hazards; printed by
   * the formatters, never run by the library. Its steps point at objects of `findings`.
   */
  plan?: FixPlan;
}

/** The fields of every {@link Degradation}. */
export interface DegradationBase {
  /** `relation`: no longer joined (find `relations`, eager loading); `column`: left out of SELECT, INSERT and UPDATE. */
  kind: 'relation' | 'column';
  /** The entity the relation or column belongs to, e.g. `Task`. */
  entity: string;
  /** The finding that caused it. */
  finding: Finding;
}

/** A relation `mode: 'degrade'` no longer joins (find `relations`, eager and lazy loading). */
export interface RelationDegradation extends DegradationBase {
  kind: 'relation';
  /** `Entity.property` of the relation, e.g. `Task.labels`. */
  relation: string;
  /** Never set on a relation; declared so that reading it needs no narrowing. */
  property?: undefined;
  /** Never set on a relation; declared so that reading it needs no narrowing. */
  column?: undefined;
}

/** A column `mode: 'degrade'` leaves out of SELECT, INSERT and UPDATE. */
export interface ColumnDegradation extends DegradationBase {
  kind: 'column';
  /** `Entity.property` of the column, e.g. `TaskSubtask.userId`. */
  property: string;
  /** The column's name in the database. */
  column: string;
  /** Never set on a column; declared so that reading it needs no narrowing. */
  relation?: undefined;
}

/** One relation or column that `mode: 'degrade'` took out of TypeORM's loading and writing, keyed by `kind`. */
export type Degradation = RelationDegradation | ColumnDegradation;
