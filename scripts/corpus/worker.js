/**
 * One application on one dialect, in its own process (apps read their configuration from the
 * environment at load time, and each app brings its own TypeORM): builds a fresh database with the
 * app's own migrations, runs the guard in warn mode on it (with the defaults, then with the app's
 * `guardOptions` when it has some), counts TypeORM's `log()` statements,
 * and writes the result as JSON to the file named by argv[4].
 *
 * usage: node worker.js <app> <dialect> <cacheDir> <resultFile>
 */
const { createRequire } = require('node:module');
const { join, resolve: resolvePath } = require('node:path');
const { writeFileSync, rmSync } = require('node:fs');

const [appName, dialect, cacheDir, resultFile] = process.argv.slice(2);
const app = require(`./apps/${appName}.js`);
const guardLib = resolvePath(process.env.GUARD_LIB || join(__dirname, '..', '..', 'dist', 'lib'));

async function main() {
  Object.assign(process.env, (app.env && app.env[dialect]) || {});
  const appRequire = createRequire(join(cacheDir, 'package.json'));
  const result = { app: app.name, version: app.version, dialect, guardLib, status: 'ok' };
  const target = await createDatabase(appRequire);
  result.database = target.label;
  let dataSource;
  try {
    // sqlite3 is a native addon that `--ignore-scripts` leaves unbuilt in the cache: apps get the
    // project's own (built) copy and pass it to TypeORM as the `driver` option.
    const sqlite3 = dialect === 'sqlite' ? require('sqlite3') : undefined;
    dataSource = await app.createDataSource({ load: appRequire, resolve: appRequire.resolve, dialect, url: target.url, file: target.file, sqlite3 });
    result.driverType = dataSource.options.type;
    const started = Date.now();
    await dataSource.initialize();
    await app.migrate(dataSource, { load: appRequire });
    result.migrationMs = Date.now() - started;
    result.migrations = await countMigrations(dataSource);
    result.entities = dataSource.entityMetadatas.length;

    const guard = require(guardLib);
    try {
      const report = await guard.validateSchemaOnStartup(dataSource, { mode: 'warn', logger: silentLogger() });
      result.report = { ok: report.ok, stats: report.stats, findings: report.findings };
      // The app's guard configuration (apps/<app>.js guardOptions), when it has one: the same
      // database checked as the deployment would configure the guard.
      if (app.guardOptions) {
        const configured = await guard.validateSchemaOnStartup(dataSource, { ...app.guardOptions, mode: 'warn', logger: silentLogger() });
        result.configured = { options: app.guardOptions, report: { ok: configured.ok, stats: configured.stats, findings: configured.findings } };
      }
    } catch (error) {
      result.status = 'refused';
      result.refusal = `${error.name}: ${error.message}`;
      // What the guard would find once it accepts this driver: the same database file opened
      // through the app TypeORM's plain driver for that dialect (same metadata, same schema).
      if (app.fallbackDataSource) {
        const fallback = await app.fallbackDataSource({ load: appRequire, dialect, url: target.url, file: target.file, sqlite3: require('sqlite3') });
        await fallback.initialize();
        try {
          const report = await guard.validateSchemaOnStartup(fallback, { mode: 'warn', logger: silentLogger() });
          result.fallback = { driverType: fallback.options.type, report: { ok: report.ok, stats: report.stats, findings: report.findings } };
        } finally {
          await fallback.destroy();
        }
      }
    }
    const sql = await dataSource.driver.createSchemaBuilder().log();
    result.logStatements = sql.upQueries.length;
    result.logSample = sql.upQueries.map((q) => q.query);
  } catch (error) {
    result.status = 'failed';
    result.failure = String((error && error.stack) || error);
  } finally {
    if (dataSource && dataSource.isInitialized) await dataSource.destroy().catch(() => {});
    if (!process.env.CORPUS_KEEP) await target.drop().catch(() => {});
  }
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
}

async function createDatabase(appRequire) {
  if (dialect === 'sqlite') {
    const file = join(cacheDir, `corpus-${dialect}-${Date.now()}.sqlite`);
    return { file, label: file, drop: async () => rmSync(file, { force: true }) };
  }
  const { Client } = require('pg');
  const admin = process.env.CORPUS_PG_ADMIN_URL;
  const name = `corpus_${app.name}_${Date.now().toString(36)}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: url.toString().replace(/:[^:@/]*@/, ':***@'),
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function countMigrations(dataSource) {
  const table = dataSource.options.migrationsTableName || 'migrations';
  const rows = await dataSource.query(`SELECT COUNT(*) AS n FROM ${dataSource.driver.escape(table)}`);
  return Number(rows[0].n);
}

function silentLogger() {
  const noop = () => {};
  const logger = { level: 'silent', trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop };
  logger.child = () => logger;
  return logger;
}

main().catch((error) => {
  writeFileSync(resultFile, JSON.stringify({ app: app.name, version: app.version, dialect, status: 'failed', failure: String(error && error.stack) }, null, 2));
  process.exitCode = 1;
});
