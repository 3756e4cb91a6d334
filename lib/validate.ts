/**
 * `validateSchemaOnStartup`: orchestration only. Expected schema (metadata) + actual schema
 * (database) -> findings (pure diff) -> policy -> report -> throw or warn. No SQL, no diff rules.
 */
import { performance } from 'node:perf_hooks';
import { degradeSchema } from './degrade';
import type { DialectAdapter, Queryable } from './dialects/dialect';
import { applyPolicy } from './diff/apply-policy';
import { diffSchema } from './diff/diff-schema';
import { planFixes, withFixes } from './fix/plan-fixes';
import { defaultLogger } from './default-logger';
import { SchemaDriftError, SchemaIntrospectionError } from './errors';
import { type BuildExpectedOptions, buildExpectedSchema, collectEntitySchemas } from './expected/build-expected-schema';
import type { ExpectedSchema } from './model/expected';
import type { SchemaReport } from './model/finding';
import type { SchemaModel } from './model/schema';
import { type GuardLogger, type GuardOptions, type ResolvedGuardOptions, parseGuardOptions } from './options';
import { assertDataSource } from './typeorm/assert-data-source';
import type { DataSourceInput, DataSourceLike } from './typeorm/typeorm-shapes';
import { withQueryRunner } from './typeorm/with-query-runner';

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
  const { ds, adapter } = assertDataSource(dataSource, { caller: 'validateSchemaOnStartup', mustBeInitialized: true });
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
  const kept = applyPolicy(raw, options);
  const { findings, plan } = withFixes(kept, planFixes({ findings: kept, expected, actual }, adapter));
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
    plan,
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

/** Tables TypeORM itself owns; never reported as unexpected. */
function internalTablesOf(ds: DataSourceLike): string[] {
  const { options } = ds;
  const cache = options.cache;
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
  if (adapter.fixedDefaultSchema !== undefined) return adapter.fixedDefaultSchema;
  const searchSchema: unknown = ds.driver.searchSchema;
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
  const deadline = {
    ms: timeoutMs,
    error: () =>
      new SchemaIntrospectionError(
        `Reading the ${adapter.dialect} catalog did not finish within ${timeoutMs} ms (options.timeoutMs); nothing was checked`,
        { dialect: adapter.dialect },
      ),
  };
  try {
    const schema = await withQueryRunner(ds, deadline, (db) => {
      const counted: Queryable = {
        query(sql, params) {
          queries++;
          return db.query(sql, params);
        },
      };
      return adapter.introspect(counted, { schemas, timeoutMs, onCatalogRequested });
    });
    return { schema, queries };
  } catch (error) {
    if (error instanceof SchemaIntrospectionError) throw error;
    throw new SchemaIntrospectionError(`Could not read the ${adapter.dialect} catalog; nothing was checked`, {
      dialect: adapter.dialect,
      cause: error,
    });
  }
}
