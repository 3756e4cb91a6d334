/**
 * `@RelationId` properties (EntitySchema `relationIds`) and, on TypeORM 0.3, `@RelationCount`
 * are loaded by every select of their entity, whatever the find options say
 * (RelationIdMetadataToAttributeTransformer reads `metadata.relationIds`). Over a degraded
 * relation that query fails, so they are taken out of the entity's lists like the relation
 * itself is taken out of loading: the property stays `undefined`.
 */
import type { DegradationState } from './degradation-state';
import type { DataSourceLike, RelationMeta } from '../typeorm/typeorm-shapes';

type RelationDerived = { relation?: RelationMeta; propertyName?: string };
type ListName = 'relationIds' | 'relationCounts';
type DerivedLists = { name: string } & Partial<Record<ListName, RelationDerived[]>>;

/** Filters degraded relations out of `relationIds` / `relationCounts` of every entity, recording the undo. */
export function degradeRelationIds(dataSource: DataSourceLike, state: DegradationState): void {
  if (state.relations.size === 0) return;
  for (const metadata of dataSource.entityMetadatas as unknown as DerivedLists[]) {
    for (const list of ['relationIds', 'relationCounts'] as const) {
      const original = metadata[list];
      if (!Array.isArray(original)) continue;
      const dropped = original.filter((entry) => entry.relation && state.relations.has(entry.relation));
      if (dropped.length === 0) continue;
      metadata[list] = original.filter((entry) => !dropped.includes(entry));
      state.undo.push(() => void (metadata[list] = original));
      for (const entry of dropped) {
        const degradation = state.relations.get(entry.relation!)!;
        state.logger.warn(
          { schemaGuard: { degraded: degradation, [list]: `${metadata.name}.${entry.propertyName}` } },
          `schema degrade: ${metadata.name}.${entry.propertyName} (${list === 'relationIds' ? 'relation id' : 'relation count'} of degraded ` +
            `${degradation.relation}) is no longer loaded; it reads as undefined.`,
        );
      }
    }
  }
}
