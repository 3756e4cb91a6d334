/**
 * What a write would lose to degraded columns: values for them, and links stored in a degraded
 * join column, whichever side of the relation the caller set (`member.team = team` or
 * `team.members = [member]`) and whether or not the other entity exists yet.
 */
import type { ColumnDegradation } from '../model/finding';
import type { DegradationState } from './degradation-state';
import type { ColumnMeta, EntityMeta, RelationMeta } from '../typeorm/typeorm-shapes';

/** One value or link a write carries for a degraded column. */
export interface DroppedWrite {
  /** The entity whose row would store it. */
  entity: object;
  degradation: ColumnDegradation;
  operation: 'insert' | 'update';
  /** `Entity.property` of the relation the caller set, when the link is stored on the other side. */
  via?: string;
}

type ValueRelation = RelationMeta & {
  isCascadeInsert?: boolean;
  isCascadeUpdate?: boolean;
  getEntityValue(entity: object): unknown;
};
type IdentifiedEntity = EntityMeta & { getEntityIdMap(entity: object): object | undefined };

/** Values a QueryBuilder insert or update carries for degraded columns (join columns by their value, as TypeORM writes them). */
export function findDroppedValues(state: DegradationState, metadata: EntityMeta, entity: object, operation: 'insert' | 'update'): DroppedWrite[] {
  const dropped: DroppedWrite[] = [];
  for (const column of metadata.columns) {
    const degradation = state.columns.get(column);
    if (degradation && column.getEntityValue(entity) !== undefined) dropped.push({ entity, degradation, operation });
  }
  return dropped;
}

/**
 * Everything a `save` of this entity (or array) would lose, through every relation it cascades
 * into. TypeORM announces its inserts before running any, when a new parent has no id yet, and
 * a one-to-many link never sits on the child: so the graph is read here, as the caller built it.
 */
export function findDroppedWritesOfSave(state: DegradationState, metadata: EntityMeta, entities: object[]): DroppedWrite[] {
  const found = new Map<object, Map<ColumnDegradation, DroppedWrite>>();
  const visited = new Set<object>();
  const add = (write: DroppedWrite) => {
    const byDegradation = found.get(write.entity) ?? new Map<ColumnDegradation, DroppedWrite>();
    found.set(write.entity, byDegradation);
    if (!byDegradation.has(write.degradation)) byDegradation.set(write.degradation, write);
  };
  const visit = (entity: object, current: EntityMeta) => {
    if (visited.has(entity)) return;
    visited.add(entity);
    const operation = operationOn(current, entity);
    for (const column of current.columns) {
      const degradation = state.columns.get(column);
      if (!degradation) continue;
      // A new target has no id yet, so the join column reads undefined: the relation value says a link was set.
      const relation = column.relationMetadata as ValueRelation | undefined;
      if (column.getEntityValue(entity) !== undefined || (relation && relation.getEntityValue(entity) !== undefined)) {
        add({ entity, degradation, operation });
      }
    }
    for (const relation of current.relations as ValueRelation[]) {
      const value = relation.getEntityValue(entity);
      if (!value || typeof value !== 'object' || value instanceof Promise) continue;
      const link = relation.joinColumns.length === 0 ? degradedColumnOf(state, relation.inverseRelation?.joinColumns ?? []) : undefined;
      const cascades = relation.isCascadeInsert === true || relation.isCascadeUpdate === true;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!item || typeof item !== 'object') continue;
        const target = relation.inverseEntityMetadata;
        if (link) add({ entity: item, degradation: link, operation: operationOn(target, item), via: `${current.name}.${relation.propertyPath}` });
        if (cascades) visit(item, target);
      }
    }
  };
  for (const entity of entities) if (entity && typeof entity === 'object') visit(entity, metadata);
  return [...found.values()].flatMap((byDegradation) => [...byDegradation.values()]);
}

function degradedColumnOf(state: DegradationState, columns: ColumnMeta[]): ColumnDegradation | undefined {
  for (const column of columns) {
    const degradation = state.columns.get(column);
    if (degradation) return degradation;
  }
  return undefined;
}

/** TypeORM updates an entity whose primary key is set (and inserts it when no row has that key: counted as an update here). */
function operationOn(metadata: EntityMeta, entity: object): 'insert' | 'update' {
  return (metadata as IdentifiedEntity).getEntityIdMap(entity) ? 'update' : 'insert';
}
