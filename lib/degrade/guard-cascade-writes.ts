/**
 * `EntityManager.save` (which repository saves, `BaseEntity.save` and transaction managers all go
 * through), wrapped on the prototype reached through the DataSource's own manager: before TypeORM
 * builds its operations, the entity graph is read for values and links that degraded columns
 * would lose. With `onDroppedWrite: 'throw'` the save is refused before any SQL; with `'warn'`
 * each loss is logged and counted once the save resolved, so a save that fails counts nothing.
 * Writes through the QueryBuilder are watched by the subscriber (watch-dropped-writes.ts), which
 * leaves alone the entities a guarded save is writing.
 */
import { SchemaGuardConfigError } from '../errors';
import { type DegradationState, recordDroppedWrites, refuseDroppedWrites, stateOf } from './degradation-state';
import { type DroppedWrite, findDroppedWritesOfSave } from './find-dropped-writes';
import { isPatched, patchMethod } from './prototype-patches';
import type { DataSourceLike } from '../typeorm/typeorm-shapes';

type Save = (this: RuntimeManager, ...args: unknown[]) => Promise<unknown>;
interface RuntimeManager {
  dataSource?: ManagerDataSource;
  connection?: ManagerDataSource;
}
type ManagerDataSource = Pick<DataSourceLike, 'hasMetadata' | 'getMetadata'>;

/** Entities a guarded save is writing right now (a count: the same object may be in two saves). */
const saving = new WeakMap<object, number>();

/** True while a guarded save writes this entity: its losses are already accounted for. */
export function isBeingSaved(entity: object): boolean {
  return (saving.get(entity) ?? 0) > 0;
}

/** Wraps `save` on this DataSource's EntityManager class, once. */
export function installSaveGuard(dataSource: Pick<DataSourceLike, 'manager'>): void {
  let prototype = Object.getPrototypeOf(dataSource.manager) as Record<string, unknown> | null;
  while (prototype && !Object.prototype.hasOwnProperty.call(prototype, 'save')) prototype = Object.getPrototypeOf(prototype);
  if (!prototype || isPatched(prototype, 'save')) return;
  if (typeof prototype.save !== 'function') {
    throw new SchemaGuardConfigError("mode 'degrade' needs TypeORM's EntityManager.save; use mode 'throw' or 'warn'.", { option: 'mode' });
  }
  patchMethod<Save>(prototype, 'save', (original) => function save(this: RuntimeManager, ...args: unknown[]) {
    const dataSource = this.dataSource ?? this.connection;
    const state = stateOf(dataSource);
    if (!state || state.columns.size === 0 || !dataSource) return original.apply(this, args);
    const dropped = droppedBySave(state, dataSource, args);
    if (dropped.length === 0) return original.apply(this, args);
    if (state.onDroppedWrite === 'throw') return Promise.reject(refuseDroppedWrites(state, dropped));
    const entities = [...new Set(dropped.map((write) => write.entity))];
    for (const entity of entities) saving.set(entity, (saving.get(entity) ?? 0) + 1);
    const release = () => {
      for (const entity of entities) saving.set(entity, (saving.get(entity) ?? 1) - 1);
    };
    return original.apply(this, args).then(
      (result) => {
        release();
        recordDroppedWrites(state, dropped);
        return result;
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  });
}

/** The save's arguments read as TypeORM reads them; anything TypeORM would reject is left to TypeORM. */
function droppedBySave(state: DegradationState, dataSource: ManagerDataSource, args: unknown[]): DroppedWrite[] {
  const [first, second] = args;
  const hasTarget = args.length > 1 && (typeof first === 'function' || typeof first === 'string' || isEntitySchema(first));
  const value = hasTarget ? second : first;
  const entities = (Array.isArray(value) ? value : [value]).filter((entity): entity is object => !!entity && typeof entity === 'object');
  const dropped: DroppedWrite[] = [];
  for (const entity of entities) {
    const target = hasTarget ? first : entity.constructor;
    if (target === Object || !dataSource.hasMetadata(target)) continue;
    dropped.push(...findDroppedWritesOfSave(state, dataSource.getMetadata(target), [entity]));
  }
  return dropped;
}

/** TypeORM marks EntitySchema instances with `@instanceof` (no `instanceof`: a second copy of TypeORM has its own class). */
function isEntitySchema(value: unknown): boolean {
  return !!value && typeof value === 'object' && (value as Record<string, unknown>)['@instanceof'] === Symbol.for('EntitySchema');
}
