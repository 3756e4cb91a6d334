/**
 * The check behind the test assertions and the CLI: run the core in `warn` mode with a silent
 * logger, so drift is returned as a report and the caller decides what fails.
 */
import type { DataSourceInput } from '../typeorm/typeorm-shapes';
import { validateSchemaOnStartup } from '../validate';
import type { SchemaReport } from '../model/finding';
import type { GuardLogger, GuardOptions } from '../options';
import { type FailOn, assertFailOn, countFindings, findingsAtOrAbove, formatFindingsDiff } from '../report/format-diff';
import { escapeForText } from '../report/format-text';

export type { FailOn } from '../report/format-diff';

/** What a conformance check (assertion or CLI) accepts: the core's policy options plus a threshold. */
export interface ConformanceOptions {
  /** Findings to skip, as in `validateSchemaOnStartup` (`{ tables: ['legacy_audit'], columns: [/\.old_/], codes: [] }`). */
  ignore?: GuardOptions['ignore'];
  /** Per-code severity overrides, or `'off'`: `{ missing_index: 'error', default_mismatch: 'off' }`. */
  severity?: GuardOptions['severity'];
  /** The least severe finding that breaks conformance. Default `'error'` (the same as `report.ok`). */
  failOn?: FailOn;
  /** Also report tables no entity maps (info). Default false. */
  reportUnexpectedTables?: boolean;
  /** Extra schemas to read, as in `validateSchemaOnStartup` (PostgreSQL schemas, SQLite attached databases). */
  schemas?: string[];
  /** Deadline of the check in milliseconds. Default 10 000. */
  timeoutMs?: number;
}

/** The result of a conformance check: the whole report and the findings that break conformance. */
export interface ConformanceResult {
  /** The core's report, every finding included. */
  report: SchemaReport;
  /** Findings at or above `failOn`, most severe first. */
  failing: SchemaReport['findings'];
  /** The threshold that was applied. */
  failOn: FailOn;
}

const SILENT: GuardLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Runs the check and splits out the findings at or above `failOn`. Rejects (with the core's
 * `SchemaIntrospectionError` or `SchemaGuardConfigError`) when nothing could be checked.
 */
export async function checkConformance(dataSource: DataSourceInput, options: ConformanceOptions = {}): Promise<ConformanceResult> {
  const { failOn = 'error', ...guard } = options;
  assertFailOn(failOn);
  const report = await validateSchemaOnStartup(dataSource, { ...guard, mode: 'warn', logger: SILENT });
  return { report, failing: findingsAtOrAbove(report.findings, failOn), failOn };
}

/** The message of a failed conformance check: what failed, then the findings as a diff. */
export function driftMessage(result: ConformanceResult): string {
  return (
    `expected the database schema to conform to the TypeORM entities, but found ${countFindings(result.failing)}` +
    ` at or above "${result.failOn}":\n${formatFindingsDiff(result.report, result.failing)}`
  );
}

/** `error missing_column tasks.user_id` per failing finding, names escaped: the compact "actual" of a diff. */
export function findingLines(result: ConformanceResult): string[] {
  return result.failing.map((finding) =>
    escapeForText(`${finding.severity} ${finding.code} ${finding.table}${finding.column ? `.${finding.column}` : ''}`),
  );
}
