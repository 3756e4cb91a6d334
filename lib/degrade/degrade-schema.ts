/**
 * The machinery of degrade mode: plans the degradation, patches TypeORM and undoes it. Loaded by
 * ./index.ts on first use, so a service that never degrades does not load it.
 */
import { SchemaDriftError } from '../errors';
import type { SchemaReport } from '../model/finding';
import { applyDegradation, undoDegradation } from './apply-degradation';
import { type DegradationState, activeDegradations, deleteState, setState } from './degradation-state';
import type { DegradeSettings } from './index';
import { installQueryBuilderPatches } from './patch-query-builder';
import { installSaveGuard } from './guard-cascade-writes';
import { planDegradation } from './plan-degradation';
import { installCriteriaPatch } from './refuse-degraded-criteria';
import { restorePrototypes } from './prototype-patches';
import type { DataSourceLike } from '../typeorm/typeorm-shapes';

/** The work behind `degradeSchema` of ./index.ts, documented there. */
export function degradeSchema(dataSource: unknown, report: SchemaReport, settings: DegradeSettings): SchemaReport {
  const ds = dataSource as DataSourceLike;
  const plan = planDegradation(report.findings, ds.entityMetadatas);
  const degraded = [...plan.relations.values(), ...plan.columns.values()];
  const result: SchemaReport = { ...report, degraded };
  if (plan.uncontainable.length > 0 && !settings.allowUncontainable) throw new SchemaDriftError(result);
  const previous = deleteState(ds);
  if (previous) undoSchemaDegradation(previous);
  if (degraded.length === 0) return result;
  installQueryBuilderPatches(ds);
  if (plan.columns.size > 0) {
    installCriteriaPatch(ds);
    installSaveGuard(ds);
  }
  setState(ds, applyDegradation(ds, plan, settings));
  return result;
}

/** Undoes one DataSource's degradation (its state already removed), and TypeORM's patches with the last one. */
export function undoSchemaDegradation(state: DegradationState): void {
  undoDegradation(state);
  if (activeDegradations() === 0) restorePrototypes();
}
