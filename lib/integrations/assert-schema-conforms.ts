/**
 * `assertSchemaConforms`: a framework-neutral assertion that throws node's `AssertionError`, so
 * mocha, `node:test`, jest and vitest all report it as a failed assertion.
 * Entry point: `typeorm-schema-guard/assert`.
 */
import { AssertionError } from 'node:assert';
import type { DataSourceInput } from '../typeorm/typeorm-shapes';
import type { SchemaReport } from '../model/finding';
import { type ConformanceOptions, type ConformanceResult, type FailOn, checkConformance, driftMessage, findingLines } from './conformance';

export type { ConformanceOptions, FailOn } from './conformance';

/**
 * What `assertSchemaConforms` throws on drift: node's `AssertionError` (so every test runner
 * reports a failed assertion and shows `actual` against `expected` as a diff), with the report.
 *
 * @example
 * try {
 *   await assertSchemaConforms(dataSource);
 * } catch (error) {
 *   if (error instanceof SchemaAssertionError) console.log(error.failing.map((finding) => finding.code));
 * }
 */
export class SchemaAssertionError extends AssertionError {
  override readonly name = 'SchemaAssertionError';
  /** The full report, every finding included. */
  readonly report: SchemaReport;
  /** The findings at or above `failOn`, most severe first: why the assertion failed. */
  readonly failing: SchemaReport['findings'];
  /** The threshold that was applied. */
  readonly failOn: FailOn;

  constructor(result: ConformanceResult) {
    super({
      message: driftMessage(result),
      // One line per finding against none, so runners that diff show the drift compactly; never the
      // DataSource itself: its options hold the connection password.
      actual: findingLines(result),
      expected: [],
      operator: 'conformingSchema',
      stackStartFn: assertSchemaConforms,
    });
    this.report = result.report;
    this.failing = result.failing;
    this.failOn = result.failOn;
  }
}

/**
 * Resolves with the report when no finding is at or above `options.failOn` (default `'error'`);
 * otherwise throws a {@link SchemaAssertionError} listing those findings as a diff, with `.report`.
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
  throw new SchemaAssertionError(result);
}
