/**
 * Degrade mode: what it changes in TypeORM and how it is undone. `validateSchemaOnStartup` calls
 * {@link degradeSchema} from its act step; the rest is public API (docs/degrade.md).
 */
import { SchemaDriftError } from '../errors';
import type { SchemaReport } from '../model/finding';
import type { GuardLogger } from '../options';
import { applyDegradation, undoDegradation } from './apply-degradation';
import { type SchemaDegradationStatus, activeDegradations, deleteState, describeState, setState, stateOf } from './degradation-state';
import { installQueryBuilderPatches, uninstallQueryBuilderPatches } from './patch-query-builder';
import { installSaveGuard, uninstallSaveGuard } from './guard-cascade-writes';
import { planDegradation } from './plan-degradation';
import { installCriteriaPatch, uninstallCriteriaPatch } from './refuse-degraded-criteria';
import type { DataSourceLike } from '../typeorm/typeorm-shapes';

export { DegradedRelationError, DegradedWriteError } from './degraded-relation-error';
export { DegradedCriteriaError } from './degraded-criteria-error';
export type { SchemaDegradationStatus } from './degradation-state';

/** Settings of degrade mode, from `options.degrade`. */
export interface DegradeSettings {
  logger: GuardLogger;
  allowUncontainable: boolean;
  onDroppedWrite: 'warn' | 'throw';
}

/**
 * Makes TypeORM load around what the report's errors break, replacing any earlier degradation
 * of this DataSource; a report with nothing to degrade restores full loading. Throws
 * `SchemaDriftError` (leaving the DataSource as it was) when an error cannot be contained and
 * `allowUncontainable` is off. Returns the report with `degraded` filled in.
 */
export function degradeSchema(dataSource: unknown, report: SchemaReport, settings: DegradeSettings): SchemaReport {
  const ds = dataSource as DataSourceLike;
  const plan = planDegradation(report.findings, ds.entityMetadatas);
  const degraded = [...plan.relations.values(), ...plan.columns.values()];
  const result: SchemaReport = { ...report, degraded };
  if (plan.uncontainable.length > 0 && !settings.allowUncontainable) throw new SchemaDriftError(result);
  restoreSchemaDegradation(ds);
  if (degraded.length === 0) return result;
  installQueryBuilderPatches(ds);
  if (plan.columns.size > 0) {
    installCriteriaPatch(ds);
    installSaveGuard(ds);
  }
  setState(ds, applyDegradation(ds, plan, settings));
  return result;
}

/**
 * Puts the DataSource's metadata back and stops loading around anything: full loading, as
 * without degrade mode. Returns false when nothing was degraded. Validating again in degrade
 * mode with a clean report does the same.
 * @example
 * await runMigrations(dataSource);
 * restoreSchemaDegradation(dataSource); // or: await validateSchemaOnStartup(dataSource, { mode: 'degrade' })
 */
export function restoreSchemaDegradation(dataSource: object): boolean {
  const state = deleteState(dataSource);
  if (!state) return false;
  undoDegradation(state);
  if (activeDegradations() === 0) {
    uninstallQueryBuilderPatches();
    uninstallCriteriaPatch();
    uninstallSaveGuard();
  }
  return true;
}

/**
 * What is degraded on this DataSource right now, and how often TypeORM loaded around it: for a
 * health check or a metrics exporter. A copy; `isDegraded: false` when nothing is.
 * @example
 * app.get('/health', (_, res) => res.json({ schema: getSchemaDegradation(dataSource) }));
 */
export function getSchemaDegradation(dataSource: object): SchemaDegradationStatus {
  return describeState(stateOf(dataSource));
}
