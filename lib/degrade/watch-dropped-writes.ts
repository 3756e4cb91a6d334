/**
 * A subscriber on the degraded DataSource sees every QueryBuilder insert and update with listeners
 * on (`insert`, `update`, `upsert`, `increment`...; saves are read by the save guard): a value for a
 * degraded column is refused before any SQL (`onDroppedWrite: 'throw'`), or logged and counted
 * once the statement succeeded. A statement that fails in the database (an `update` left with no
 * column to set, an upsert whose conflict clause still names the column on TypeORM 0.3) has
 * written nothing, so it counts nothing.
 */
import { type DegradationState, recordDroppedWrites, refuseDroppedWrites, stateOf } from './degradation-state';
import { type DroppedWrite, findDroppedValues } from './find-dropped-writes';
import { isBeingSaved } from './guard-cascade-writes';
import type { DataSourceLike, EntityMeta, SubscriberLike } from '../typeorm/typeorm-shapes';

type WriteEvent = { metadata: EntityMeta; entity?: object };

/** Adds the subscriber; its removal is pushed on the state's undo list. */
export function watchDroppedWrites(dataSource: DataSourceLike, state: DegradationState): void {
  // Losses announced by a before-event, waiting for the matching after-event (same entity object).
  const pending = new WeakMap<object, DroppedWrite[][]>();
  const before = (operation: 'insert' | 'update') => (event: WriteEvent) => {
    // Stale once the DataSource was restored or degraded anew (the undo removes it too).
    if (stateOf(dataSource) !== state || !event.entity || typeof event.entity !== 'object' || isBeingSaved(event.entity)) return;
    const dropped = findDroppedValues(state, event.metadata, event.entity, operation);
    if (dropped.length === 0) return;
    if (state.onDroppedWrite === 'throw') throw refuseDroppedWrites(state, dropped);
    pending.set(event.entity, [...(pending.get(event.entity) ?? []), dropped]);
  };
  const after = (event: WriteEvent) => {
    const queue = event.entity && typeof event.entity === 'object' ? pending.get(event.entity) : undefined;
    const dropped = queue?.shift();
    if (!dropped || stateOf(dataSource) !== state) return;
    recordDroppedWrites(state, dropped);
  };
  const subscriber: SubscriberLike = { beforeInsert: before('insert'), beforeUpdate: before('update'), afterInsert: after, afterUpdate: after };
  dataSource.subscribers.push(subscriber);
  state.undo.push(() => {
    const index = dataSource.subscribers.indexOf(subscriber);
    if (index !== -1) dataSource.subscribers.splice(index, 1);
  });
}
