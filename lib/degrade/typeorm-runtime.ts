/**
 * The parts of TypeORM's runtime objects that degrade mode reads and changes, typed structurally
 * (0.3, 1.x and forks alike; never `instanceof` an imported `typeorm`). Mutable on purpose: these
 * are the live metadata objects of one DataSource.
 */

/** A `ColumnMetadata`: the three flags TypeORM consults when it builds SELECT, INSERT and UPDATE. */
export interface RuntimeColumn {
  databaseName: string;
  propertyPath: string;
  isPrimary: boolean;
  isSelect: boolean;
  isInsert: boolean;
  isUpdate: boolean;
  relationMetadata?: RuntimeRelation;
  getEntityValue(entity: object): unknown;
}

/** A `RelationMetadata`. */
export interface RuntimeRelation {
  propertyPath: string;
  isEager: boolean;
  entityMetadata: RuntimeEntity;
  inverseEntityMetadata: RuntimeEntity;
  junctionEntityMetadata?: RuntimeEntity;
  inverseRelation?: RuntimeRelation;
  joinColumns: RuntimeColumn[];
}

/** An `EntityMetadata`. */
export interface RuntimeEntity {
  name: string;
  tableName: string;
  tablePath?: string;
  tableType: string;
  columns: RuntimeColumn[];
  relations: RuntimeRelation[];
  eagerRelations: RuntimeRelation[];
  findRelationWithPropertyPath(path: string): RuntimeRelation | undefined;
  findEmbeddedWithPropertyPath(path: string): unknown;
  findColumnWithPropertyPath(path: string): RuntimeColumn | undefined;
  getInsertionReturningColumns(): RuntimeColumn[];
  /** The `@DeleteDateColumn`, when the entity has one. */
  deleteDateColumn?: RuntimeColumn;
}

/** An entity subscriber, as `dataSource.subscribers` holds them. */
export interface RuntimeSubscriber {
  beforeInsert?(event: { metadata: RuntimeEntity; entity?: object }): void;
  beforeUpdate?(event: { metadata: RuntimeEntity; entity?: object }): void;
  afterInsert?(event: { metadata: RuntimeEntity; entity?: object }): void;
  afterUpdate?(event: { metadata: RuntimeEntity; entity?: object }): void;
}

/** A `DataSource`, as far as degrade mode needs it. */
export interface RuntimeDataSource {
  entityMetadatas: RuntimeEntity[];
  subscribers: RuntimeSubscriber[];
  createQueryBuilder(): object;
}

/** A `SelectQueryBuilder` instance (`connection` on 0.3, `dataSource` on 1.x). */
export interface RuntimeQueryBuilder {
  dataSource?: object;
  connection?: object;
  expressionMap: {
    mainAlias?: { hasMetadata?: boolean; metadata?: RuntimeEntity };
    aliases: { name: string; hasMetadata?: boolean; metadata?: RuntimeEntity }[];
  };
}

/** `Entity.property` of a relation, as findings and logs name it. */
export function relationKey(relation: RuntimeRelation): string {
  return `${relation.entityMetadata.name}.${relation.propertyPath}`;
}
