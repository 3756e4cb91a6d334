import type { RelationMeta } from './typeorm-shapes';

/** `Entity.property` of a relation, as findings, degradations and logs name it. */
export function relationKey(relation: Pick<RelationMeta, 'entityMetadata' | 'propertyPath'>): string {
  return `${relation.entityMetadata.name}.${relation.propertyPath}`;
}
