/**
 * Lazy relations (`files: Promise<File[]>`) and `RelationQueryBuilder.loadOne/loadMany` load
 * through the DataSource's `relationLoader.load`. For a degraded relation that load is refused
 * with `DegradedRelationError`, before any SQL, as an explicit join is: an empty array would
 * be indistinguishable from "no rows".
 */
import { DegradedRelationError } from './degraded-relation-error';
import { type DegradationState, recordSkip, stateOf } from './degradation-state';
import type { DataSourceLike, RelationMeta } from '../typeorm/typeorm-shapes';

type Load = (relation: RelationMeta, ...rest: unknown[]) => Promise<unknown>;
type RelationLoader = { load: Load };

/**
 * TypeORM's lazy getter chains `.then(onFulfilled)` on the load without a rejection handler
 * (RelationLoader.enableLazyLoad, both lines), so a plain rejected promise leaves an unhandled
 * rejection behind and Node exits. Promises derived from this one (by `then`, through the
 * species) mark the ones nobody handles as handled: the caller's `await` still rejects, once.
 */
class RefusedLoad<T> extends Promise<T> {
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const next = super.then(onFulfilled, onRejected);
    if (!onRejected) next.then(undefined, () => undefined);
    return next;
  }
}

/** Shadows `relationLoader.load` on this DataSource only; the undo deletes the shadow. */
export function guardLazyRelations(dataSource: DataSourceLike, state: DegradationState): void {
  const loader = dataSource.relationLoader as RelationLoader | undefined;
  if (!loader || typeof loader.load !== 'function' || state.relations.size === 0) return;
  const original = loader.load;
  const hadOwn = Object.prototype.hasOwnProperty.call(loader, 'load');
  loader.load = function load(this: RelationLoader, relation: RelationMeta, ...rest: unknown[]) {
    // Stale once the DataSource was restored, degraded anew or initialized again.
    const current = stateOf(dataSource);
    const degradation = current?.relations.get(relation);
    if (!current || !degradation) return original.call(this, relation, ...rest);
    recordSkip(current, degradation, 'lazy');
    return RefusedLoad.reject(new DegradedRelationError(degradation.relation, degradation.finding));
  };
  state.undo.push(() => {
    if (hadOwn) loader.load = original;
    else delete (loader as Partial<RelationLoader>).load;
  });
}
