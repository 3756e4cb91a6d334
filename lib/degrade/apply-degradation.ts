/**
 * Applies a degradation plan to one DataSource's live metadata, and undoes it. Every change is
 * recorded with its original value so that restoring puts the metadata back exactly.
 */
import type { GuardLogger } from '../options';
import { degradeRelationIds } from './degrade-relation-ids';
import { degradeSpecialColumns } from './degrade-special-columns';
import type { DegradationState } from './degradation-state';
import { guardLazyRelations } from './guard-lazy-relations';
import type { DegradationPlan } from './plan-degradation';
import type { ColumnMeta, DataSourceLike, EntityMeta } from '../typeorm/typeorm-shapes';
import { watchDroppedWrites } from './watch-dropped-writes';

/** Changes the metadata as planned; returns the state (with its undo list) to register. */
export function applyDegradation(
  dataSource: DataSourceLike,
  plan: DegradationPlan,
  settings: { logger: GuardLogger; onDroppedWrite: 'warn' | 'throw' },
): DegradationState {
  const state: DegradationState = {
    relations: plan.relations,
    columns: plan.columns,
    eager: new Set(),
    skips: new Map(),
    droppedWrites: new Map(),
    logger: settings.logger,
    onDroppedWrite: settings.onDroppedWrite,
    since: new Date().toISOString(),
    undo: [],
  };
  degradeEagerRelations(dataSource, state);
  degradeColumns(dataSource, state);
  degradeSpecialColumns(dataSource, state);
  degradeRelationIds(dataSource, state);
  guardLazyRelations(dataSource, state);
  if (plan.columns.size > 0 && Array.isArray(dataSource.subscribers)) watchDroppedWrites(dataSource, state);
  return state;
}

/** Runs the undo list, newest change first. */
export function undoDegradation(state: DegradationState): void {
  for (const undo of state.undo.splice(0).reverse()) undo();
}

/** Eager relations that are degraded are taken out of every `eagerRelations` list TypeORM joins from. */
function degradeEagerRelations(dataSource: DataSourceLike, state: DegradationState): void {
  for (const relation of state.relations.keys()) {
    if (!relation.isEager) continue;
    state.eager.add(relation);
    relation.isEager = false;
    state.undo.push(() => void (relation.isEager = true));
  }
  if (state.eager.size === 0) return;
  for (const metadata of dataSource.entityMetadatas) {
    const original = metadata.eagerRelations;
    if (!original.some((relation) => state.eager.has(relation))) continue;
    metadata.eagerRelations = original.filter((relation) => !state.eager.has(relation));
    state.undo.push(() => void (metadata.eagerRelations = original));
  }
}

/**
 * A degraded column is left out of SELECT (`isSelect`), INSERT (`isInsert`) and UPDATE
 * (`isUpdate`), and out of the columns TypeORM reads back after an insert (RETURNING on
 * PostgreSQL, a SELECT on SQLite: `getInsertionReturningColumns`).
 */
function degradeColumns(dataSource: DataSourceLike, state: DegradationState): void {
  for (const column of state.columns.keys()) {
    const original = { isSelect: column.isSelect, isInsert: column.isInsert, isUpdate: column.isUpdate };
    column.isSelect = false;
    column.isInsert = false;
    column.isUpdate = false;
    state.undo.push(() => void Object.assign(column, original));
    const degradation = state.columns.get(column)!;
    state.logger.warn(
      { schemaGuard: { degraded: degradation } },
      `schema degrade: ${degradation.property} is left out of SELECT, INSERT and UPDATE (${degradation.finding.code}: ` +
        `${degradation.finding.message}); it reads as undefined and values written to it are not saved.`,
    );
  }
  for (const metadata of dataSource.entityMetadatas) {
    if (!metadata.columns.some((column) => state.columns.has(column))) continue;
    shadowInsertionReturningColumns(metadata, state.columns);
    state.undo.push(() => void delete (metadata as Partial<EntityMeta>).getInsertionReturningColumns);
  }
}

/** An own property on the metadata object shadows the prototype method; deleting it restores TypeORM's. */
function shadowInsertionReturningColumns(metadata: EntityMeta, degraded: Map<ColumnMeta, unknown>): void {
  const original = Object.getPrototypeOf(metadata).getInsertionReturningColumns as EntityMeta['getInsertionReturningColumns'];
  metadata.getInsertionReturningColumns = function getInsertionReturningColumns(this: EntityMeta) {
    return original.call(this).filter((column) => !degraded.has(column));
  };
}
