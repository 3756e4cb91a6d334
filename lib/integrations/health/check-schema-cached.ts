/**
 * The check behind the health endpoint and the watcher: one fingerprint query, and a full
 * validation only when the fingerprint changed. Cached per DataSource (and per set of options);
 * concurrent callers share the check in flight.
 */
import type { DialectAdapter } from '../../dialects/dialect';
import { SchemaGuardConfigError, SchemaIntrospectionError } from '../../errors';
import { collectEntitySchemas } from '../../expected/build-expected-schema';
import type { SchemaReport } from '../../model/finding';
import { parseGuardOptions, type ResolvedGuardOptions } from '../../options';
import { assertDataSource } from '../../typeorm/assert-data-source';
import type { DataSourceInput, DataSourceLike } from '../../typeorm/typeorm-shapes';
import { withQueryRunner } from '../../typeorm/with-query-runner';
import { checkSchema } from '../../validate';
import type { ResolvedHealthOptions } from './health-options';

/**
 * Where the schema stands. `pass`: no error or warning. `warn`: warnings only. `fail`: at least one
 * error. `unreachable`: the database could not be reached or its catalog read; nothing was checked.
 */
export type SchemaState = 'pass' | 'warn' | 'fail' | 'unreachable';

/** The result of one cached check. */
export interface SchemaCheckOutcome {
  /** Where the schema stands. */
  state: SchemaState;
  /** The report of the latest validation; absent when `unreachable`. */
  report?: SchemaReport;
  /** Why the database could not be checked (message redacted); only when `unreachable`. */
  error?: Error;
  /** When the report was produced (or when the check failed). */
  checkedAt: Date;
  /** True when the report came from the cache because the fingerprint was unchanged. */
  isCached: boolean;
}

interface CacheEntry {
  fingerprint?: string;
  outcome?: SchemaCheckOutcome;
  inFlight?: Promise<SchemaCheckOutcome>;
}

const caches = new WeakMap<object, Map<string, CacheEntry>>();

/** Fails fast on what no retry fixes: not a DataSource, or a driver the library cannot check. */
export function assertCheckableDataSource(dataSource: DataSourceInput): { ds: DataSourceLike; adapter: DialectAdapter } {
  // One that is not initialised (or was destroyed) may be initialised later: that is `unreachable`.
  return assertDataSource(dataSource, { caller: 'The schema health check' });
}

/**
 * Returns the current outcome: the cached one when the schema fingerprint is unchanged (one query),
 * else a fresh validation (one fingerprint query plus the validation's three). Never rejects for a
 * database problem: that is the `unreachable` state.
 */
export function checkSchemaCached(dataSource: DataSourceInput, options: ResolvedHealthOptions): Promise<SchemaCheckOutcome> {
  const { ds, adapter } = assertCheckableDataSource(dataSource);
  let byOptions = caches.get(dataSource);
  if (!byOptions) caches.set(dataSource, (byOptions = new Map()));
  const key = optionsKey(options);
  let entry = byOptions.get(key);
  if (!entry) byOptions.set(key, (entry = {}));
  if (entry.inFlight) return entry.inFlight;
  const current = entry;
  current.inFlight = runCheck(ds, adapter, options, current).finally(() => {
    current.inFlight = undefined;
  });
  return current.inFlight;
}

async function runCheck(ds: DataSourceLike, adapter: DialectAdapter, options: ResolvedHealthOptions, entry: CacheEntry): Promise<SchemaCheckOutcome> {
  let fingerprint: string;
  try {
    if (!ds.isInitialized) {
      throw new SchemaIntrospectionError('The DataSource is not initialised (or was destroyed); nothing was checked', {
        dialect: adapter.dialect,
      });
    }
    const schemas = [...new Set([...collectEntitySchemas(ds.entityMetadatas, ds.driver), ...options.schemas])];
    fingerprint = await readFingerprint(ds, adapter, schemas, options.timeoutMs);
    if (entry.outcome && entry.fingerprint === fingerprint) {
      return { ...entry.outcome, isCached: true };
    }
    // The fingerprint is read before the validation: a migration landing in between changes the
    // next fingerprint, so it is re-validated on the next check, never missed.
    // The guard options are resolved only here, not on the cached path every probe takes.
    const report = await checkSchema(ds, toGuardOptions(options));
    const outcome: SchemaCheckOutcome = { state: stateOf(report), report, checkedAt: new Date(), isCached: false };
    entry.fingerprint = fingerprint;
    entry.outcome = outcome;
    return outcome;
  } catch (error) {
    return { state: 'unreachable', error: asIntrospectionError(error, adapter), checkedAt: new Date(), isCached: false };
  }
}

/** `fail` on any error finding, `warn` on warnings only, else `pass`. */
export function stateOf(report: SchemaReport): Exclude<SchemaState, 'unreachable'> {
  if (report.findings.some((finding) => finding.severity === 'error')) return 'fail';
  if (report.findings.some((finding) => finding.severity === 'warning')) return 'warn';
  return 'pass';
}

function toGuardOptions(options: ResolvedHealthOptions): ResolvedGuardOptions {
  const { details: _details, ...guard } = options;
  return parseGuardOptions({ ...guard, mode: 'warn' });
}

/** One round trip on its own query runner, under the check's deadline. */
function readFingerprint(ds: DataSourceLike, adapter: DialectAdapter, schemas: string[], timeoutMs: number): Promise<string> {
  const deadline = {
    ms: timeoutMs,
    error: () =>
      new SchemaIntrospectionError(`Reading the ${adapter.dialect} schema fingerprint did not finish within ${timeoutMs} ms`, {
        dialect: adapter.dialect,
      }),
  };
  return withQueryRunner(ds, deadline, (db) => adapter.fingerprint(db, { schemas }));
}

function asIntrospectionError(error: unknown, adapter: DialectAdapter): Error {
  if (error instanceof SchemaIntrospectionError || error instanceof SchemaGuardConfigError) return error;
  return new SchemaIntrospectionError(`Could not read the ${adapter.dialect} schema; nothing was checked`, {
    dialect: adapter.dialect,
    cause: error,
  });
}

/** Options that change the report get their own cache slot; RegExps are keyed by their source. */
function optionsKey(options: ResolvedHealthOptions): string {
  const { details: _details, ...policy } = options;
  return JSON.stringify(policy, (_key, value: unknown) => (value instanceof RegExp ? { regexp: value.source, flags: value.flags } : value));
}
