/**
 * `assertSchemaConforms`: a framework-neutral assertion that throws node's `AssertionError`, so
 * mocha, `node:test`, jest and vitest all report it as a failed assertion.
 * Entry point: `typeorm-schema-guard/assert`.
 */
import { AssertionError } from 'node:assert';
import type { DataSourceInput } from '../typeorm/typeorm-shapes';
import type { SchemaReport } from '../model/finding';
import { type ConformanceOptions, type ConformanceResult, checkConformance, driftMessage, findingLines } from './conformance';

export type { ConformanceOptions, FailOn } from './conformance';

/** The `AssertionError` thrown on drift carries the whole report. */
export type SchemaAssertionError = AssertionError & { report: SchemaReport };

/**
 * Resolves with the report when no finding is at or above `options.failOn` (default `'error'`);
 * otherwise throws an `AssertionError` listing those findings as a diff, with `.report`.
 * When the database cannot be read it rejects with the core's `SchemaIntrospectionError`.
 *
 * @example
 * import { assertSchemaConforms } from 'typeorm-schema-guard/assert';
 * it('the migrated database matches the entities', async () => {
 *   await assertSchemaConforms(dataSource, { failOn: 'warning', ignore: { tables: ['legacy_audit'] } });
 * });
 */
export async function assertSchemaConforms(dataSource: DataSourceInput, options?: ConformanceOptions): Promise<SchemaReport> {
  const result = await checkConformance(dataSource, options);
  if (result.failing.length === 0) return result.report;
  throw driftAssertionError(result);
}

/** Builds the assertion error for a failed conformance check. */
function driftAssertionError(result: ConformanceResult): SchemaAssertionError {
  const error = new AssertionError({
    message: driftMessage(result),
    // One line per finding against none, so runners that diff show the drift compactly; never the
    // DataSource itself: its options hold the connection password.
    actual: findingLines(result),
    expected: [],
    operator: 'conformingSchema',
    stackStartFn: assertSchemaConforms,
  }) as SchemaAssertionError;
  error.report = result.report;
  return error;
}
