/**
 * Degrade mode: what it changes in TypeORM and how it is undone. `validateSchemaOnStartup` calls
 * {@link degradeSchema} from its act step; the rest is public API (docs/degrade.md).
 */
import type { SchemaReport } from '../model/finding';
import type { GuardLogger } from '../options';
import { type SchemaDegradationStatus, deleteState, describeState, stateOf } from './degradation-state';

export { DegradedRelationError, DegradedWriteError } from './degraded-relation-error';
export { DegradedCriteriaError } from './degraded-criteria-error';
export type { SchemaDegradationStatus } from './degradation-state';

/** Settings of degrade mode, from `options.degrade`. */
export interface DegradeSettings {
  logger: GuardLogger;
  allowUncontainable: boolean;
  onDroppedWrite: 'warn' | 'throw';
}

/** The patching machinery (./degrade-schema.ts), loaded on first use: 9-11 ms of the import otherwise. */
function machinery(): typeof import('./degrade-schema') {
  return require('./degrade-schema') as typeof import('./degrade-schema');
}

/**
 * Makes TypeORM load around what the report's errors break, replacing any earlier degradation
 * of this DataSource; a report with nothing to degrade restores full loading. Throws
 * `SchemaDriftError` (leaving the DataSource as it was) when an error cannot be contained and
 * `allowUncontainable` is off. Returns the report with `degraded` filled in.
 */
export function degradeSchema(dataSource: unknown, report: SchemaReport, settings: DegradeSettings): SchemaReport {
  return machinery().degradeSchema(dataSource, report, settings);
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
  machinery().undoSchemaDegradation(state);
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
