/**
 * The parts of TypeORM's DataSource, driver, metadata and query builder the library reads (and,
 * in degrade mode, changes), typed structurally: one set of types for `expected/`, `degrade/`,
 * the validation and the integrations. TypeORM 0.3, 1.x and forks published under other names
 * all fit; nothing is checked with `instanceof` against the `typeorm` this package would import
 * (it may be another copy). Mutable on purpose: these are the live objects of one DataSource.
 */

/**
 * What the public entry points accept as a DataSource: a TypeORM `DataSource` (0.3 or 1.x, or a
 * fork). Typed loosely so that a DataSource from another copy of TypeORM fits; checked at run time
 * by `assertDataSource`.
 */
export interface DataSourceInput {
  readonly isInitialized: boolean;
  readonly options: { readonly type: string };
}

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
  /** The three flags TypeORM consults when it builds SELECT, INSERT and UPDATE (degrade mode turns them off). */
  isSelect: boolean;
  isInsert: boolean;
  isUpdate: boolean;
  getEntityValue(entity: object): unknown;
}

/** A relation's metadata (TypeORM `RelationMetadata`). */
export interface RelationMeta {
  propertyPath: string;
  relationType: string;
  isOwning: boolean;
  isEager: boolean;
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
  tablePath?: string;
  tableType: string;
  schema?: string;
  /** The entity's `database` option: on SQLite, a file TypeORM attaches to the connection. */
  database?: string;
  columns: ColumnMeta[];
  relations: RelationMeta[];
  eagerRelations: RelationMeta[];
  indices: IndexMeta[];
  uniques: UniqueMeta[];
  checks: CheckMeta[];
  foreignKeys: ForeignKeyMeta[];
  primaryColumns: ColumnMeta[];
  parentEntityMetadata?: EntityMeta;
  /** The `@DeleteDateColumn`, when the entity has one. */
  deleteDateColumn?: ColumnMeta;
  findRelationWithPropertyPath(path: string): RelationMeta | undefined;
  findEmbeddedWithPropertyPath(path: string): unknown;
  findColumnWithPropertyPath(path: string): ColumnMeta | undefined;
  getInsertionReturningColumns(): ColumnMeta[];
}

/** The driver: the methods TypeORM's own schema builder uses to turn metadata into DDL. */
export interface DriverLike {
  options: { type: string; schema?: string; uuidExtension?: string };
  /** PostgreSQL: the `current_schema()` TypeORM read when it connected. */
  searchSchema?: string;
  normalizeType(column: { type?: unknown; length?: unknown; precision?: unknown; scale?: unknown; isArray?: boolean }): string;
  normalizeDefault(column: ColumnMeta): string | undefined;
  getColumnLength(column: ColumnMeta): string;
  /** SQLite family only: the name the file of an entity's `database` option is attached under. */
  getAttachedDatabaseHandleByRelativePath?(path: string): string | undefined;
}

/** A query runner: what the library asks the database through. */
export interface QueryRunnerLike {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
  release(): Promise<void>;
  /** TypeORM's PostgreSQL runner: given an error, destroys the client instead of returning it to the pool. */
  releasePostgresConnection?(error?: unknown): Promise<void>;
}

/** An entity subscriber, as `dataSource.subscribers` holds them. */
export interface SubscriberLike {
  beforeInsert?(event: { metadata: EntityMeta; entity?: object }): void;
  beforeUpdate?(event: { metadata: EntityMeta; entity?: object }): void;
  afterInsert?(event: { metadata: EntityMeta; entity?: object }): void;
  afterUpdate?(event: { metadata: EntityMeta; entity?: object }): void;
}

/** The DataSource as the library uses it. */
export interface DataSourceLike {
  isInitialized: boolean;
  options: {
    type: string;
    migrationsTableName?: string;
    metadataTableName?: string;
    cache?: boolean | { tableName?: string };
  };
  driver: DriverLike;
  entityMetadatas: EntityMeta[];
  subscribers: SubscriberLike[];
  /** The DataSource's `EntityManager`: degrade mode guards `save` on its class. */
  manager: object;
  /** Loads lazy relations (TypeORM's internal `RelationLoader`); absent in some versions. */
  relationLoader?: { load: unknown };
  createQueryRunner(mode?: 'master' | 'slave'): QueryRunnerLike;
  createQueryBuilder(): object;
  hasMetadata(target: unknown): boolean;
  getMetadata(target: unknown): EntityMeta;
}

/** A `SelectQueryBuilder` instance (`connection` on 0.3, `dataSource` on 1.x). */
export interface QueryBuilderLike {
  dataSource?: object;
  connection?: object;
  expressionMap: {
    mainAlias?: { hasMetadata?: boolean; metadata?: EntityMeta };
    aliases: { name: string; hasMetadata?: boolean; metadata?: EntityMeta }[];
  };
}
