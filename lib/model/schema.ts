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
  readonly name: string;
  /**
   * The base type, normalised: PostgreSQL's canonical spelling (`character varying`, `integer`,
   * `timestamp with time zone`, ...) without modifiers or array brackets; `enum` for enum types.
   * On SQLite, the declared type lower-cased without its modifiers (`varchar`, `integer`, `datetime`).
   */
  readonly type: string;
  /** The type as a person would write it, with modifiers: `character varying(255)`, `numeric(10,2)`, `integer[]`. */
  readonly displayType: string;
  /** Declared length of character types, when there is one. */
  readonly length?: number;
  /** Declared precision of numeric (and time precision of temporal) types, when there is one. */
  readonly precision?: number;
  /** Declared scale of numeric types, when there is one. */
  readonly scale?: number;
  /** True for array columns (PostgreSQL); `type` is then the element type. */
  readonly isArray: boolean;
  /** For enum columns: the allowed values, in declaration order. */
  readonly enumValues?: readonly string[];
  /** For enum columns: the database's enum type name, schema-qualified when not in the default schema. */
  readonly enumName?: string;
  /** Whether the column accepts NULL. */
  readonly isNullable: boolean;
  /** The default expression as the database (or TypeORM) spells it; undefined when there is none. */
  readonly default?: string;
  /** How the column is generated, when it is. */
  readonly generation?: ColumnGeneration;
  /** For computed columns: the generation expression, when known. */
  readonly generationExpression?: string;
  /** For computed columns: true when the value is stored (`STORED`), false when computed on read (`VIRTUAL`); undefined when unknown. */
  readonly isStored?: boolean;
}

/** A foreign key constraint. Matched by structure, never by name. */
export interface ForeignKeyModel {
  /** The constraint's name, informational only. */
  readonly name?: string;
  /** Referencing columns, in constraint order. */
  readonly columns: readonly string[];
  /** Key of the referenced table (see {@link tableKey}). */
  readonly referencedTable: string;
  /** Referenced columns, in constraint order (paired with `columns`). */
  readonly referencedColumns: readonly string[];
  /** Normalised ON DELETE action: `no action`, `restrict`, `cascade`, `set null`, `set default`. */
  readonly onDelete: string;
  /** Normalised ON UPDATE action, same vocabulary as `onDelete`. */
  readonly onUpdate: string;
}

/** An index, including the unique indexes behind unique constraints. Matched by structure. */
export interface IndexModel {
  /** The index's name, informational only. */
  readonly name?: string;
  /** Indexed columns in order; empty when the index is on expressions only. */
  readonly columns: readonly string[];
  /** Whether the index (or the constraint behind it) enforces uniqueness. */
  readonly isUnique: boolean;
  /** True when it backs a UNIQUE constraint rather than being a plain index. */
  readonly isConstraint?: boolean;
  /** Partial index predicate, as spelled by its source. */
  readonly where?: string;
  /** For expression indexes: the expression text. */
  readonly expression?: string;
  /**
   * False for an index PostgreSQL marked invalid (left by a failed `CREATE INDEX CONCURRENTLY`):
   * queries never use it and, unique, it guarantees nothing about the rows. Undefined means valid.
   */
  readonly isValid?: boolean;
}

/** A CHECK constraint. */
export interface CheckModel {
  /** The constraint's name, informational only (and the first thing matched on). */
  readonly name?: string;
  /** The check expression as its source spells it (without the `CHECK` keyword). */
  readonly expression: string;
}

/** A table or view. */
export interface TableModel {
  /** Schema name; undefined means the default schema (PostgreSQL's `current_schema()`, SQLite's `main`). */
  readonly schema?: string;
  /** The table's name exactly as the database spells it. */
  readonly name: string;
  /** What kind of relation this is. */
  readonly kind: 'table' | 'view' | 'materialized_view';
  /** Columns, in table order. */
  readonly columns: readonly ColumnModel[];
  /** Primary key columns, in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  /** The primary key constraint's name, where the database names it (PostgreSQL); informational, for fix SQL. */
  readonly primaryKeyName?: string;
  /** Foreign keys declared on this table. */
  readonly foreignKeys: readonly ForeignKeyModel[];
  /** Indexes and unique constraints (a unique constraint is an index with `isConstraint`). */
  readonly indexes: readonly IndexModel[];
  /** CHECK constraints. */
  readonly checks: readonly CheckModel[];
  /** False when the connected role cannot SELECT from it (PostgreSQL); undefined when unknown. */
  readonly isReadable?: boolean;
}

/** A whole schema: every table the comparison is about, keyed by {@link tableKey}. */
export interface SchemaModel {
  readonly dialect: Dialect;
  /** The name of the default schema (`public`, or whatever `current_schema()` is; `main` on SQLite). */
  readonly defaultSchema: string;
  readonly tables: ReadonlyMap<string, TableModel>;
}

/**
 * The key a table is known by in a {@link SchemaModel} and in findings: its name, qualified with
 * its schema only when that is not the default schema.
 */
export function tableKey(schema: string | undefined, name: string, defaultSchema: string): string {
  return schema === undefined || schema === defaultSchema ? name : `${schema}.${name}`;
}

/**
 * A model object while its builder (an introspector, the expected-schema builder) fills it in: the
 * same shape, writable. The finished model is readonly because it is cached and shared.
 */
export type Draft<T> =
  T extends ReadonlyMap<infer K, infer V>
    ? Map<K, Draft<V>>
    : T extends readonly (infer U)[]
      ? U extends object
        ? Draft<U>[]
        : T
      : T extends object
        ? { -readonly [P in keyof T]: Draft<T[P]> }
        : T;
