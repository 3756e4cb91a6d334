/**
 * `validateSchemaOnStartup`: orchestration only. Expected schema (metadata) + actual schema
 * (database) -> findings (pure diff) -> policy -> report -> throw or warn. No SQL, no diff rules.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { degradeSchema } from './degrade';
import { SUPPORTED_DRIVERS, detectDialect } from './dialects/detect-dialect';
import type { DialectAdapter, Queryable } from './dialects/dialect';
import { applyPolicy } from './diff/apply-policy';
import { diffSchema } from './diff/diff-schema';
import { SchemaDriftError, SchemaGuardConfigError, SchemaIntrospectionError } from './errors';
import { type BuildExpectedOptions, buildExpectedSchema, collectEntitySchemas } from './expected/build-expected-schema';
import type { ExpectedSchema } from './model/expected';
import type { DataSourceLike, QueryRunnerLike } from './expected/typeorm-shapes';
import type { SchemaReport } from './model/finding';
import type { SchemaModel } from './model/schema';
import { type GuardLogger, type GuardOptions, type ResolvedGuardOptions, parseGuardOptions } from './options';

/**
 * What the first argument must look like: a TypeORM `DataSource` (0.3 or 1.x, or a fork). Typed
 * structurally so that a DataSource from another copy of TypeORM fits; checked at run time.
 */
export interface DataSourceInput {
  readonly isInitialized: boolean;
  readonly options: { readonly type: string };
}

/**
 * Compares the connected database with the DataSource's entities and reports every drift.
 * Read-only: it reads the catalog in a constant number of queries and never writes.
 *
 * @example
 * await dataSource.initialize();
 * await validateSchemaOnStartup(dataSource); // throws SchemaDriftError on errors
 * @example
 * const report = await validateSchemaOnStartup(dataSource, { mode: 'warn', ignore: { tables: ['legacy_audit'] } });
 * if (!report.ok) metrics.increment('schema_drift');
 */
export async function validateSchemaOnStartup(dataSource: DataSourceInput, options?: GuardOptions): Promise<SchemaReport> {
  const resolved = parseGuardOptions(options);
  const report = await checkSchema(dataSource, resolved);
  return act(dataSource, report, resolved);
}

/** Runs the check and builds the report, without throwing or logging drift. */
export async function checkSchema(dataSource: unknown, options: ResolvedGuardOptions): Promise<SchemaReport> {
  const started = performance.now();
  const { ds, adapter } = assertDataSource(dataSource);
  const metadatas = ds.entityMetadatas;
  const schemas = [...new Set([...collectEntitySchemas(metadatas, ds.driver), ...options.schemas])];
  // The expected schema does not need the catalog's answer, only its default schema, which TypeORM
  // already read at initialize(): build it while the server works on the catalog query.
  const build = (defaultSchema: string) => expectedSchemaOf(metadatas, ds.driver, { dialect: adapter.dialect, defaultSchema });
  const likelyDefault = likelyDefaultSchema(ds, adapter);
  let early: ExpectedSchema | undefined;
  const buildEarly = () => {
    try {
      early ??= build(likelyDefault);
    } catch {
      // Built again below, where its error is reported.
    }
  };
  const { schema: actual, queries } = await introspect(ds, adapter, schemas, options.timeoutMs, () => setImmediate(buildEarly));
  const expected = early !== undefined && actual.defaultSchema === likelyDefault ? early : build(actual.defaultSchema);
  const raw = diffSchema(expected, actual, adapter, {
    reportUnexpectedTables: options.reportUnexpectedTables,
    internalTables: internalTablesOf(ds),
  });
  const findings = applyPolicy(raw, options);
  let columns = 0;
  for (const table of expected.tables.values()) columns += table.columns.length;
  return {
    ok: !findings.some((finding) => finding.severity === 'error'),
    dialect: adapter.dialect,
    findings,
    stats: {
      tables: expected.tables.size,
      columns,
      queries,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    },
  };
}

/**
 * TypeORM builds `entityMetadatas` once, in `initialize()`, and never changes the array afterwards
 * (re-initialising makes a new one): the expected schema is built once per array, not on every
 * health probe. The diff never mutates it.
 */
const expectedCache = new WeakMap<object, Map<string, ExpectedSchema>>();
function expectedSchemaOf(metadatas: DataSourceLike['entityMetadatas'], driver: DataSourceLike['driver'], options: BuildExpectedOptions): ExpectedSchema {
  // Keyed by default schema too: when TypeORM's guess of it is wrong, both versions stay cached
  // rather than rebuilding each other on every call.
  const key = `${options.dialect}\u0000${options.defaultSchema}`;
  let cached = expectedCache.get(metadatas);
  if (cached === undefined) expectedCache.set(metadatas, (cached = new Map()));
  let schema = cached.get(key);
  if (schema === undefined) cached.set(key, (schema = buildExpectedSchema(metadatas, driver, options)));
  return schema;
}

function act(dataSource: DataSourceInput, report: SchemaReport, options: ResolvedGuardOptions): SchemaReport {
  if (options.mode === 'degrade') {
    const logger = options.logger ?? defaultLogger();
    logFindings(report, logger);
    return degradeSchema(dataSource, report, { logger, ...options.degrade });
  }
  if (options.mode === 'warn') {
    logFindings(report, options.logger ?? defaultLogger());
    return report;
  }
  if (!report.ok) throw new SchemaDriftError(report);
  return report;
}

function logFindings(report: SchemaReport, logger: GuardLogger): void {
  for (const finding of report.findings) {
    const log = finding.severity === 'error' ? logger.error : finding.severity === 'warning' ? logger.warn : logger.info;
    log.call(logger, { schemaGuard: finding }, `schema drift: ${finding.message}`);
  }
  if (report.findings.length === 0) logger.info({ schemaGuard: report.stats }, 'database schema matches the entities');
}

let sharedLogger: GuardLogger | undefined;
function defaultLogger(): GuardLogger {
  sharedLogger ??= pino({ name: 'typeorm-schema-guard' }, pino.destination(2));
  return sharedLogger;
}

function assertDataSource(value: unknown): { ds: DataSourceLike; adapter: DialectAdapter } {
  const ds = value as Partial<DataSourceLike> | null | undefined;
  if (!ds || typeof ds !== 'object' || typeof ds.createQueryRunner !== 'function' || !ds.options || !ds.driver) {
    throw new SchemaGuardConfigError(
      'validateSchemaOnStartup expects a TypeORM DataSource as its first argument (got ' +
        (ds === null ? 'null' : typeof ds) +
        '). Pass the DataSource your application initialises.',
    );
  }
  if (!ds.isInitialized) {
    throw new SchemaGuardConfigError(
      'The DataSource is not initialised: call `await dataSource.initialize()` before validateSchemaOnStartup, ' +
        'so that the entity metadata is built and a connection exists.',
    );
  }
  const adapter = detectDialect(ds as DataSourceLike);
  if (!adapter) {
    throw new SchemaGuardConfigError(
      `The DataSource uses the "${ds.options.type}" driver, which typeorm-schema-guard does not support. ` +
        `Supported drivers: ${SUPPORTED_DRIVERS}.`,
    );
  }
  return { ds: ds as DataSourceLike, adapter };
}

/** Tables TypeORM itself owns; never reported as unexpected. */
function internalTablesOf(ds: DataSourceLike): string[] {
  const options = ds.options as { migrationsTableName?: string; metadataTableName?: string; cache?: unknown };
  const cache = options.cache as { tableName?: string } | boolean | undefined;
  return [
    options.migrationsTableName ?? 'migrations',
    options.metadataTableName ?? 'typeorm_metadata',
    (typeof cache === 'object' && cache?.tableName) || 'query-result-cache',
  ];
}

/**
 * The schema the catalog will call the default: `main` on SQLite; on PostgreSQL the `current_schema()`
 * TypeORM read when it connected (`driver.searchSchema`), else `public`. Only a guess to start early:
 * the catalog's own answer decides.
 */
function likelyDefaultSchema(ds: DataSourceLike, adapter: DialectAdapter): string {
  if (adapter.dialect === 'sqlite') return 'main';
  const searchSchema = (ds.driver as { searchSchema?: unknown }).searchSchema;
  return typeof searchSchema === 'string' && searchSchema !== '' ? searchSchema : 'public';
}

/** Reads the actual schema through a dedicated query runner, under a deadline. */
async function introspect(
  ds: DataSourceLike,
  adapter: DialectAdapter,
  schemas: string[],
  timeoutMs: number,
  onCatalogRequested: () => void,
): Promise<{ schema: SchemaModel; queries: number }> {
  let queries = 0;
  let runner: QueryRunnerLike | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const work = (async () => {
    runner = ds.createQueryRunner('slave');
    const db: Queryable = {
      async query(sql, params) {
        // Past the deadline the caller has its answer; stop issuing statements on this runner.
        if (timedOut) throw new Error('typeorm-schema-guard: the check was abandoned at its deadline');
        queries++;
        const rows = await (runner as QueryRunnerLike).query(sql, params);
        return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
      },
    };
    return adapter.introspect(db, { schemas, timeoutMs, onCatalogRequested });
  })();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(
        new SchemaIntrospectionError(
          `Reading the ${adapter.dialect} catalog did not finish within ${timeoutMs} ms (options.timeoutMs); nothing was checked`,
          { dialect: adapter.dialect },
        ),
      );
    }, timeoutMs);
    timer.unref();
  });
  try {
    const schema = await Promise.race([work, deadline]);
    return { schema, queries };
  } catch (error) {
    if (error instanceof SchemaIntrospectionError) throw error;
    throw new SchemaIntrospectionError(`Could not read the ${adapter.dialect} catalog; nothing was checked`, {
      dialect: adapter.dialect,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    if (timedOut) {
      // The runner may still be waiting for a pooled connection; release it once that settles, or
      // the connection it eventually gets (inside our read-only transaction) would leak from the pool.
      const abandon = () => releaseRunner(runner, true);
      work.then(abandon, abandon);
    } else {
      await releaseRunner(runner, false);
    }
  }
}

async function releaseRunner(runner: QueryRunnerLike | undefined, isBroken: boolean): Promise<void> {
  if (!runner) return;
  // A connection that timed out may still be inside our read-only transaction: destroy it rather than
  // hand it back to the pool (TypeORM's PostgreSQL runner destroys the client when given an error).
  const withError = runner as QueryRunnerLike & { releasePostgresConnection?: (error?: unknown) => Promise<void> };
  const release =
    isBroken && typeof withError.releasePostgresConnection === 'function'
      ? withError.releasePostgresConnection(new Error('typeorm-schema-guard: check timed out'))
      : runner.release();
  await release.catch(() => undefined);
}
