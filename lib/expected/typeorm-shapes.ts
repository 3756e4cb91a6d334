/**
 * The parts of TypeORM's DataSource, driver and metadata the library reads, typed structurally.
 * TypeORM 0.3, 1.x and forks published under other names all fit; nothing is checked with
 * `instanceof` against the `typeorm` this package would import (it may be another copy).
 */

/** A column's metadata (TypeORM `ColumnMetadata`). */
export interface ColumnMeta {
  databaseName: string;
  propertyPath: string;
  type: unknown;
  length: string;
  precision?: number | null;
  scale?: number;
  isPrimary: boolean;
  isGenerated: boolean;
  isNullable: boolean;
  isArray: boolean;
  isVirtualProperty?: boolean;
  generationStrategy?: string;
  generatedIdentity?: string;
  default?: unknown;
  enum?: (string | number)[];
  enumName?: string;
  asExpression?: string;
  generatedType?: 'VIRTUAL' | 'STORED';
  transformer?: unknown;
  relationMetadata?: RelationMeta;
}

/** A relation's metadata (TypeORM `RelationMetadata`). */
export interface RelationMeta {
  propertyPath: string;
  relationType: string;
  isOwning: boolean;
  entityMetadata: EntityMeta;
  inverseEntityMetadata: EntityMeta;
  junctionEntityMetadata?: EntityMeta;
  inverseRelation?: RelationMeta;
  joinColumns: ColumnMeta[];
}

/** An index's metadata. */
export interface IndexMeta {
  name: string;
  columns: ColumnMeta[];
  isUnique: boolean;
  where?: string;
  synchronize?: boolean;
  isSpatial?: boolean;
}

/** A unique constraint's metadata. */
export interface UniqueMeta {
  name: string;
  columns: ColumnMeta[];
}

/** A check constraint's metadata. */
export interface CheckMeta {
  name: string;
  expression: string;
}

/** A foreign key's metadata. */
export interface ForeignKeyMeta {
  name: string;
  columns: ColumnMeta[];
  referencedColumns: ColumnMeta[];
  referencedEntityMetadata: EntityMeta;
  onDelete?: string;
  onUpdate?: string;
  deferrable?: string;
}

/** An entity's metadata (TypeORM `EntityMetadata`). */
export interface EntityMeta {
  name: string;
  tableName: string;
  tableType: string;
  schema?: string;
  /** The entity's `database` option: on SQLite, a file TypeORM attaches to the connection. */
  database?: string;
  columns: ColumnMeta[];
  relations: RelationMeta[];
  indices: IndexMeta[];
  uniques: UniqueMeta[];
  checks: CheckMeta[];
  foreignKeys: ForeignKeyMeta[];
  primaryColumns: ColumnMeta[];
  /** The `@DeleteDateColumn`: TypeORM adds `IS NULL` on it to every find without `withDeleted`. */
  deleteDateColumn?: ColumnMeta;
  parentEntityMetadata?: EntityMeta;
}

/** The driver methods TypeORM's own schema builder uses to turn metadata into DDL. */
export interface DriverLike {
  options: { type: string; schema?: string; uuidExtension?: string };
  normalizeType(column: { type?: unknown; length?: unknown; precision?: unknown; scale?: unknown; isArray?: boolean }): string;
  normalizeDefault(column: ColumnMeta): string | undefined;
  getColumnLength(column: ColumnMeta): string;
  /** SQLite family only: the name the file of an entity's `database` option is attached under. */
  getAttachedDatabaseHandleByRelativePath?(path: string): string | undefined;
}

/** A query runner: what the introspection asks the database through. */
export interface QueryRunnerLike {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  release(): Promise<void>;
}

/** The DataSource as the library uses it. */
export interface DataSourceLike {
  isInitialized: boolean;
  options: { type: string };
  driver: DriverLike;
  entityMetadatas: EntityMeta[];
  createQueryRunner(mode?: 'master' | 'slave'): QueryRunnerLike;
}
