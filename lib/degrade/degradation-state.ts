/**
 * The runtime state of degraded DataSources: what is degraded, how often TypeORM loaded around
 * it, and the once-per-relation warnings. Keyed by the DataSource object itself (a WeakMap), so
 * a DataSource that is not degraded is never touched.
 */
import type { ColumnDegradation, Degradation, RelationDegradation } from '../model/finding';
import type { GuardLogger } from '../options';
import type { ColumnMeta, DataSourceLike, RelationMeta } from '../typeorm/typeorm-shapes';
import { DegradedWriteError } from './degraded-relation-error';
import type { DroppedWrite } from './find-dropped-writes';

/** What `getSchemaDegradation` returns: a copy, safe to serialise in a health check. */
export interface SchemaDegradationStatus {
  /** True while some relation or column is degraded on this DataSource. */
  isDegraded: boolean;
  /** Every degraded relation and column, with the finding that caused it. */
  degraded: Degradation[];
  /** Times a degraded relation was left out of a load, by `Entity.property` (find `relations`, eager loading). */
  skips: Record<string, number>;
  /** Writes that carried a value or a link for a degraded column, by `Entity.property` of the column: counted once the write went through without it, or when it was refused. */
  droppedWrites: Record<string, number>;
  /** When the current degradation was applied (ISO 8601), if it is. */
  since?: string;
}

/** The live state of one degraded DataSource. */
export interface DegradationState {
  relations: Map<RelationMeta, RelationDegradation>;
  columns: Map<ColumnMeta, ColumnDegradation>;
  /** Degraded relations that were eager: no longer joined automatically. */
  eager: Set<RelationMeta>;
  skips: Map<string, number>;
  droppedWrites: Map<string, number>;
  logger: GuardLogger;
  onDroppedWrite: 'warn' | 'throw';
  since: string;
  /** Puts the metadata back, in reverse order of the changes. */
  undo: (() => void)[];
}

const states = new WeakMap<object, DegradationState>();
/** Degraded DataSources, held weakly: one that was destroyed or collected no longer keeps the patches installed. */
const active = new Set<WeakRef<object>>();

/** The metadata list each state was applied to. */
const appliedTo = new WeakMap<DegradationState, unknown>();

/** The state of a DataSource, or undefined when it is not degraded (or no longer: see {@link dropIfRebuilt}). */
export function stateOf(dataSource: object | undefined): DegradationState | undefined {
  const state = dataSource ? states.get(dataSource) : undefined;
  return state && dropIfRebuilt(dataSource!, state) ? undefined : state;
}

/**
 * `initialize()` after `destroy()` builds new metadata (a new `entityMetadatas` array), so the
 * degradation no longer applies. Rather than re-apply an old report to a database a migration
 * may have repaired (and drop writes its columns could now keep), the DataSource reports not
 * degraded, with a warning, until it is validated again. The undo list still runs: the
 * DataSource's relation loader outlives the rebuild.
 */
function dropIfRebuilt(dataSource: object, state: DegradationState): boolean {
  if ((dataSource as Partial<DataSourceLike>).entityMetadatas === appliedTo.get(state)) return false;
  deleteState(dataSource);
  for (const undo of state.undo.splice(0).reverse()) undo();
  state.logger.warn(
    { schemaGuard: { degraded: [], rebuilt: true } },
    'schema degrade: the DataSource was initialized again and TypeORM rebuilt its metadata, so the degradation no longer ' +
      'applies: broken relations and columns fail as without degrade mode. Validate again in degrade mode to degrade them.',
  );
  return true;
}

/** How many live, initialised DataSources are degraded right now (prototype patches stay installed while any is). */
export function activeDegradations(): number {
  let count = 0;
  for (const ref of active) {
    const dataSource = ref.deref() as Partial<DataSourceLike> | undefined;
    if (dataSource && dataSource.isInitialized !== false && states.has(dataSource)) count++;
    else active.delete(ref);
  }
  return count;
}

export function setState(dataSource: object, state: DegradationState): void {
  if (!states.has(dataSource)) active.add(new WeakRef(dataSource));
  appliedTo.set(state, (dataSource as Partial<DataSourceLike>).entityMetadatas);
  states.set(dataSource, state);
}

export function deleteState(dataSource: object): DegradationState | undefined {
  const state = states.get(dataSource);
  if (!state) return undefined;
  states.delete(dataSource);
  for (const ref of active) if (ref.deref() === dataSource) active.delete(ref);
  return state;
}

/** Counts one skip of a degraded relation; warns the first time only. */
export function recordSkip(state: DegradationState, degradation: RelationDegradation, how: 'relations' | 'eager' | 'lazy'): void {
  const key = degradation.relation;
  const count = (state.skips.get(key) ?? 0) + 1;
  state.skips.set(key, count);
  if (count > 1) return;
  if (how === 'lazy') {
    state.logger.warn(
      { schemaGuard: { degraded: degradation, skipped: how } },
      `schema degrade: refused to lazy-load ${key} (${degradation.finding.code}: ${degradation.finding.message}) with DegradedRelationError. ` +
        `Further refusals are counted, not logged.`,
    );
    return;
  }
  state.logger.warn(
    { schemaGuard: { degraded: degradation, skipped: how } },
    `schema degrade: not loading ${key} (${degradation.finding.code}: ${degradation.finding.message}); ` +
      `the rest of the entity still loads. Further skips are counted, not logged.`,
  );
}

/**
 * Counts each write that carried a value for a degraded column, and logs every one: data was not
 * saved (or, with `onDroppedWrite: 'throw'`, the write was refused). `via` names the relation the
 * caller set when the lost value is a link stored on the other side (`Team.members` -> `Member.team`).
 */
export function recordDroppedWrites(state: DegradationState, writes: DroppedWrite[]): void {
  for (const { degradation, operation, via } of writes) {
    const key = degradation.property;
    state.droppedWrites.set(key, (state.droppedWrites.get(key) ?? 0) + 1);
    const refused = state.onDroppedWrite === 'throw';
    const what = via ? `a link set through ${via}, stored in degraded ${key}` : `a value for degraded ${key}`;
    state.logger.warn(
      { schemaGuard: { degraded: degradation, droppedWrite: operation, refused, ...(via ? { via } : {}) } },
      refused
        ? `schema degrade: refused an ${operation} carrying ${what} (${degradation.finding.message})`
        : via
          ? `schema degrade: ${operation} saved without ${what}: that link is lost (${degradation.finding.message})`
          : `schema degrade: ${operation} saved without the value for degraded ${key}: that value is lost (${degradation.finding.message})`,
    );
  }
}

/** With `onDroppedWrite: 'throw'`: counts and logs the refused writes, and returns the error naming the first. */
export function refuseDroppedWrites(state: DegradationState, writes: DroppedWrite[]): DegradedWriteError {
  recordDroppedWrites(state, writes);
  const [{ degradation, operation, via }] = writes;
  return new DegradedWriteError(degradation.property, operation, degradation.finding, via);
}

/** A serialisable copy of a DataSource's degradation state. */
export function describeState(state: DegradationState | undefined): SchemaDegradationStatus {
  if (!state) return { isDegraded: false, degraded: [], skips: {}, droppedWrites: {} };
  const degraded: Degradation[] = [...state.relations.values(), ...state.columns.values()];
  return {
    isDegraded: degraded.length > 0,
    degraded: degraded.map((entry) => ({ ...entry })),
    skips: Object.fromEntries(state.skips),
    droppedWrites: Object.fromEntries(state.droppedWrites),
    since: state.since,
  };
}
