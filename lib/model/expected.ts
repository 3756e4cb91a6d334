/**
 * The expected schema: the dialect-neutral model, plus where each piece came from in the
 * entities, so that findings can name the entity and the relation a drift breaks.
 */
import type { ColumnModel, Dialect, ForeignKeyModel, IndexModel, TableModel } from './schema';

/** A column the entities declare. */
export interface ExpectedColumn extends ColumnModel {
  /** `Entity.property` path of the column, e.g. `Task.title` or `User.address.city` for embedded ones. */
  readonly property?: string;
  /** `Entity.relation` when this column is the join column of a relation (or a junction column). */
  readonly relation?: string;
  /** True for join columns of relations (TypeORM marks them nullable unless told otherwise). */
  readonly isJoinColumn: boolean;
  /** True when the column has a value transformer, so a differing type may still round-trip. */
  readonly hasTransformer: boolean;
  /** True for the primary key column(s). */
  readonly isPrimary: boolean;
  /** The entity that maps the column, where several metadatas share the table (see {@link ExpectedTable.sharedBy}). */
  readonly entity?: string;
  /**
   * The type as the entity declared it, before the driver's `normalizeType` (`simple-json`, `uuid`,
   * `varchar`; a JavaScript constructor by its name: `String`): decides which values TypeORM writes.
   */
  readonly entityType?: string;
}

/** A foreign key the entities declare. */
export interface ExpectedForeignKey extends ForeignKeyModel {
  /** `Entity.relation` the key implements. */
  readonly relation?: string;
  /** The entity that declares the key, where several metadatas share the table. */
  readonly entity?: string;
  /** True when the key is declared DEFERRABLE (then RESTRICT and NO ACTION differ). */
  readonly isDeferrable?: boolean;
  /** Actions another metadata sharing the table declares for the same key: the database may match any. */
  readonly acceptedActions?: readonly Pick<ForeignKeyModel, 'onDelete' | 'onUpdate'>[];
}

/** An index or unique the entities declare. */
export interface ExpectedIndex extends IndexModel {
  /** The entity that declares it, where several metadatas share the table. */
  readonly entity?: string;
}

/** One metadata's part of a table that several metadatas map. */
export interface TableMapping {
  /** The entity (for a junction: the owning entity). */
  readonly entity: string;
  readonly role: ExpectedTableRole;
  /** For a junction: the relations that go through it. */
  readonly relations: readonly string[];
  /** Relations of other entities that load this metadata. */
  readonly loadedThrough: readonly string[];
  /** The columns this metadata maps. */
  readonly columns: readonly string[];
}

/** What an expected table is for, which decides how its absence is reported. */
export type ExpectedTableRole = 'entity' | 'junction' | 'closure' | 'view';

/** A table or view the entities declare. */
export interface ExpectedTable extends TableModel {
  /** The entity (or, for junction tables, the owning entity) the table belongs to. */
  readonly entity: string;
  readonly role: ExpectedTableRole;
  /** For junction tables: the relations that go through it (`Task.labels`, and the inverse side if any). */
  readonly relations: readonly string[];
  /** Relations of other entities that load this table (`Task.subtasks` for `task_subtasks`): a broken column breaks them too. */
  readonly loadedThrough: readonly string[];
  readonly columns: readonly ExpectedColumn[];
  readonly foreignKeys: readonly ExpectedForeignKey[];
  readonly indexes: readonly ExpectedIndex[];
  /**
   * Set when several metadatas map this table (an entity and a many-to-many junction, two
   * junctions, several entities): each one's part, the preferred (explicit entity) first.
   */
  readonly sharedBy?: readonly TableMapping[];
  /** Other primary keys that metadatas sharing the table declare: the database may match any. */
  readonly acceptedPrimaryKeys?: readonly (readonly string[])[];
  /** The soft-delete (`@DeleteDateColumn`) column, whose `IS NULL` TypeORM adds to every find without `withDeleted`. */
  readonly softDeleteColumn?: string;
}

/** Every table the entities declare, keyed like the actual {@link SchemaModel}. */
export interface ExpectedSchema {
  readonly dialect: Dialect;
  readonly defaultSchema: string;
  readonly tables: ReadonlyMap<string, ExpectedTable>;
}
