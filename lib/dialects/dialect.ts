/**
 * What the core needs from a database dialect: read the actual schema, and the dialect's rules for
 * comparing what it read with what the entities declare. One implementation per folder below.
 */
import type { ExpectedSchema } from '../model/expected';
import type { PlanFixes } from '../fix/fix-plan';
import type { TypeDifference } from '../model/finding';
import type { ColumnModel, Dialect, SchemaModel } from '../model/schema';

/** The smallest interface the core asks the database through; TypeORM's query runner fits. */
export interface Queryable {
  /** Runs one statement and resolves with its rows (an empty array for statements without rows). */
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/** What to introspect. */
export interface IntrospectOptions {
  /** Schemas to read besides the default one: PostgreSQL schemas, or SQLite attached databases. */
  schemas: string[];
  /** Per-statement deadline in milliseconds, enforced by the server where it can be. */
  timeoutMs: number;
  /**
   * Called once, synchronously, right after the main catalog statement is issued and before its
   * result is awaited: the caller schedules CPU work that does not need the result (building the
   * expected schema) so that it overlaps the server's work. Must not throw.
   */
  onCatalogRequested?: () => void;
}

/** Whose schema to fingerprint: the same schemas the introspection reads. */
export interface FingerprintOptions {
  /** Schemas to cover besides the default one: PostgreSQL schemas, or SQLite attached databases. */
  schemas: string[];
}

/** One side of a type comparison, as the dialect compared it. */
export interface ComparedType {
  /** The base type in the dialect's words: PostgreSQL's canonical name (`character varying`), SQLite's declared type. */
  type: string;
  /** True for an array. */
  isArray: boolean;
  /** The length compared, when there is one. */
  length?: number;
  /** The precision compared, as the database applies it (`timestamp` without one is 6). */
  precision?: number;
  /** The scale compared, as the database applies it (`numeric(p)` is scale 0). */
  scale?: number;
  /** SQLite: the type's affinity (`TEXT`, `INTEGER`, ...), which decides what happens to values. */
  affinity?: string;
}

/**
 * How an expected column type relates to the actual one: a verdict and flags of what differs.
 * The words for a person are built by the diff, from these fields.
 */
export interface TypeComparison {
  /**
   * `same`: nothing to report. `equivalent`: the declared types differ but every value TypeORM
   * writes is stored and returned identically (SQLite `json` over `TEXT`): an info.
   * `compatible`: the types differ and TypeORM's values round-trip, or only some of them change
   * (wider length, `text` for `varchar`, `int8` for `int4`): a warning. `incompatible`: values
   * cannot round-trip (`jsonb` vs `text`, array vs scalar, `integer` vs `uuid`): an error.
   */
  verdict: 'same' | 'equivalent' | 'compatible' | 'incompatible';
  /** Which properties differ, in the order a message names them; empty when `same`. */
  differences: TypeDifference[];
  /** Both sides as compared; absent when `same`. */
  compared?: { expected: ComparedType; actual: ComparedType };
  /**
   * What the difference does to the values TypeORM writes and reads, where the dialect knows more
   * than the flags say (which strings fail, what comes back as a number).
   */
  note?: string;
  /**
   * True when the two types differ but compare with the same operators and index (PostgreSQL `text`
   * and `varchar` of any length): a foreign key from one to the other is sound.
   */
  isSameKeyType?: boolean;
}

/** One database dialect: how to read its catalog and how to compare within its type system. */
export interface DialectAdapter {
  dialect: Dialect;
  /** Reads every table, view, column, key, index and check of the schemas in a constant number of queries. */
  introspect(db: Queryable, options: IntrospectOptions): Promise<SchemaModel>;
  /**
   * A short string that changes whenever anything {@link DialectAdapter.introspect} reads changes:
   * one cheap catalog query, never a user table. Lets a health check skip re-validation.
   */
  fingerprint(db: Queryable, options: FingerprintOptions): Promise<string>;
  /** Compares a declared column type with the database's. */
  compareTypes(expected: ColumnModel, actual: ColumnModel): TypeComparison;
  /** Brings a default expression to a canonical form so that equivalent spellings compare equal. */
  normalizeDefault(expression: string | undefined, column: ColumnModel): string | undefined;
  /** Brings a CHECK or partial-index expression to a canonical form for comparison. */
  normalizeExpression(expression: string): string;
  /** Quotes an identifier (for expressions the diff compares, and the fix SQL). */
  quoteIdentifier(name: string): string;
  /**
   * The default schema when the dialect fixes it (SQLite's `main`); undefined when the connection
   * decides (PostgreSQL's `current_schema()`).
   */
  fixedDefaultSchema?: string;
  /**
   * True when an entity's `database` option names its schema: SQLite, where TypeORM attaches that
   * file under a handle and qualifies the table with it. False where the entity's `schema` does.
   */
  hasAttachedDatabases: boolean;
  /**
   * True when an enum is a named type of its own (PostgreSQL `CREATE TYPE ... AS ENUM`), whose name
   * the column carries and whose values have an order; false when it is a `CHECK (col IN (...))`.
   */
  hasEnumTypes: boolean;
  /**
   * The form in which two identifiers are the same name: SQLite folds ASCII case for table and
   * column names (`Tasks` is `tasks`), PostgreSQL compares quoted names exactly.
   */
  foldIdentifier(name: string): string;
  /**
   * True when a foreign key's two columns must have the same type for joins and the constraint to
   * work (PostgreSQL). False on SQLite, which creates any foreign key and compares a numeric-affinity
   * column with a text one after converting the text
   * (https://www.sqlite.org/datatype3.html#type_conversions_prior_to_comparison).
   */
  checksForeignKeyTypes: boolean;
  /**
   * True when the database fills `@PrimaryGeneratedColumn('uuid')` (PostgreSQL's
   * `uuid_generate_v4()` default); false when TypeORM generates the value in JavaScript (SQLite).
   */
  generatesUuids: boolean;
  /**
   * True when TypeORM's `driver.normalizeDefault()` spells a default as this database's catalog
   * does (SQLite); false when it rewrites the declaration, so the entity's own default is rendered
   * instead (PostgreSQL; see expected/declared-default.ts).
   */
  trustsDriverDefaults: boolean;
  /**
   * The expected schema with its names as the database stores them: PostgreSQL keeps the first 63
   * bytes of an identifier. Returns the same schema where names are kept whole.
   */
  toStoredNames(schema: ExpectedSchema): ExpectedSchema;
  /** Turns findings into ordered fix steps (see lib/fix/fix-plan.ts). Pure. */
  planFixes: PlanFixes;
}
