/**
 * The dialect-neutral schema model. Both sides of the comparison are expressed in it:
 * the expected schema (built from TypeORM's entity metadata) and the actual schema
 * (introspected from the database). Nothing here knows about TypeORM or a driver.
 */

/** The databases the library can introspect. */
export type Dialect = 'postgres' | 'sqlite';

/** How a column gets a value when an INSERT does not give one (besides a plain default). */
export type ColumnGeneration =
  /** serial / identity / SQLite INTEGER PRIMARY KEY rowid alias. */
  | 'increment'
  /** a UUID produced by the database (`uuid_generate_v4()`, `gen_random_uuid()`) or by TypeORM. */
  | 'uuid'
  /** a computed column (`GENERATED ALWAYS AS (expr) STORED` or `VIRTUAL`). */
  | 'computed';

/** One column of a table or view. */
export interface ColumnModel {
  /** The column's name exactly as the database spells it. */
  name: string;
  /**
   * The base type, normalised: PostgreSQL's canonical spelling (`character varying`, `integer`,
   * `timestamp with time zone`, ...) without modifiers or array brackets; `enum` for enum types.
   * On SQLite, the declared type lower-cased without its modifiers (`varchar`, `integer`, `datetime`).
   */
  type: string;
  /** The type as a person would write it, with modifiers: `character varying(255)`, `numeric(10,2)`, `integer[]`. */
  displayType: string;
  /** Declared length of character types, when there is one. */
  length?: number;
  /** Declared precision of numeric (and time precision of temporal) types, when there is one. */
  precision?: number;
  /** Declared scale of numeric types, when there is one. */
  scale?: number;
  /** True for array columns (PostgreSQL); `type` is then the element type. */
  isArray: boolean;
  /** For enum columns: the allowed values, in declaration order. */
  enumValues?: string[];
  /** For enum columns: the database's enum type name, schema-qualified when not in the default schema. */
  enumName?: string;
  /** Whether the column accepts NULL. */
  isNullable: boolean;
  /** The default expression as the database (or TypeORM) spells it; undefined when there is none. */
  default?: string;
  /** How the column is generated, when it is. */
  generation?: ColumnGeneration;
  /** For computed columns: the generation expression, when known. */
  generationExpression?: string;
}

/** A foreign key constraint. Matched by structure, never by name. */
export interface ForeignKeyModel {
  /** The constraint's name, informational only. */
  name?: string;
  /** Referencing columns, in constraint order. */
  columns: string[];
  /** Key of the referenced table (see {@link tableKey}). */
  referencedTable: string;
  /** Referenced columns, in constraint order (paired with `columns`). */
  referencedColumns: string[];
  /** Normalised ON DELETE action: `no action`, `restrict`, `cascade`, `set null`, `set default`. */
  onDelete: string;
  /** Normalised ON UPDATE action, same vocabulary as `onDelete`. */
  onUpdate: string;
}

/** An index, including the unique indexes behind unique constraints. Matched by structure. */
export interface IndexModel {
  /** The index's name, informational only. */
  name?: string;
  /** Indexed columns in order; empty when the index is on expressions only. */
  columns: string[];
  /** Whether the index (or the constraint behind it) enforces uniqueness. */
  isUnique: boolean;
  /** True when it backs a UNIQUE constraint rather than being a plain index. */
  isConstraint?: boolean;
  /** Partial index predicate, as spelled by its source. */
  where?: string;
  /** For expression indexes: the expression text. */
  expression?: string;
  /**
   * False for an index PostgreSQL marked invalid (left by a failed `CREATE INDEX CONCURRENTLY`):
   * queries never use it and, unique, it guarantees nothing about the rows. Undefined means valid.
   */
  isValid?: boolean;
}

/** A CHECK constraint. */
export interface CheckModel {
  /** The constraint's name, informational only (and the first thing matched on). */
  name?: string;
  /** The check expression as its source spells it (without the `CHECK` keyword). */
  expression: string;
}

/** A table or view. */
export interface TableModel {
  /** Schema name; undefined means the default schema (PostgreSQL's `current_schema()`, SQLite's `main`). */
  schema?: string;
  /** The table's name exactly as the database spells it. */
  name: string;
  /** What kind of relation this is. */
  kind: 'table' | 'view' | 'materialized_view';
  /** Columns, in table order. */
  columns: ColumnModel[];
  /** Primary key columns, in key order; empty when the table has none. */
  primaryKey: string[];
  /** The primary key constraint's name, where the database names it (PostgreSQL); informational, for fix SQL. */
  primaryKeyName?: string;
  /** Foreign keys declared on this table. */
  foreignKeys: ForeignKeyModel[];
  /** Indexes and unique constraints (a unique constraint is an index with `isConstraint`). */
  indexes: IndexModel[];
  /** CHECK constraints. */
  checks: CheckModel[];
  /** False when the connected role cannot SELECT from it (PostgreSQL); undefined when unknown. */
  isReadable?: boolean;
}

/** A whole schema: every table the comparison is about, keyed by {@link tableKey}. */
export interface SchemaModel {
  dialect: Dialect;
  /** The name of the default schema (`public`, or whatever `current_schema()` is; `main` on SQLite). */
  defaultSchema: string;
  tables: Map<string, TableModel>;
}

/**
 * The key a table is known by in a {@link SchemaModel} and in findings: its name, qualified with
 * its schema only when that is not the default schema.
 */
export function tableKey(schema: string | undefined, name: string, defaultSchema: string): string {
  return schema === undefined || schema === defaultSchema ? name : `${schema}.${name}`;
}
