/**
 * `npm run bench`: validateSchemaOnStartup against TypeORM's own `createSchemaBuilder().log()` and
 * against the floor (our catalog statements alone), on PostgreSQL, better-sqlite3 and sqlite3, for
 * generated sets of 10, 100 and 1000 entities. Prints a table and PASS/FAIL per target, and writes
 * `bench/results.json`. A missed target is reported, never turned into a failing exit code.
 *
 * Environment (defaults in brackets): BENCH_SIZES [10,100,1000], BENCH_DRIVERS
 * [postgres,better-sqlite3,sqlite3], BENCH_RUNS warm rounds [10], BENCH_COLD_RUNS cold samples per
 * tool below 1000 entities [10], BENCH_COLD_RUNS_LARGE at 1000 [5], BENCH_COLD_RUNS_SLOW for log()
 * at 1000 [3], BENCH_BASELINE_RUNS memory-baseline processes [5], BENCH_CPU_PROF=<dir> (a
 * .cpuprofile per worker), BENCH_RESULTS [bench/results.json] where to write the figures, PG_URL
 * (else an embedded PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, startPostgres, stopPostgres } from '../test/support/postgres-server';
import { breakPostgres, breakSqlite, planDrift } from './break-schema';
import type { BenchDriver } from './count-round-trips';
import { typeormVersion } from './data-sources';
import { summarize } from './stats';
import { describeMachine } from './describe-machine';
import {
  evaluateTargets,
  formatDrift,
  formatTable,
  formatTargets,
  summarizeCase,
  summarizeDrift,
  type BenchConfig,
  type CaseResult,
  type DriftCase,
} from './report';
import { RESULT_MARKER, TOOLS, type ColdResult, type DriftResult, type Job, type JobBase, type Tool, type WarmResult } from './worker';

const DRIVERS: BenchDriver[] = ['postgres', 'better-sqlite3', 'sqlite3'];
const RESULTS_FILE = process.env.BENCH_RESULTS || join(__dirname, '..', '..', 'bench', 'results.json');
const WORKER_FILE = join(__dirname, 'worker.js');
/** The 1-minute load average at each progress line. */
const loadSamples: number[] = [];

export function readConfig(): BenchConfig {
  const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
  const count = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
    return value;
  };
  const drivers = list('BENCH_DRIVERS', DRIVERS.join(','));
  for (const driver of drivers) {
    if (!DRIVERS.includes(driver as BenchDriver)) throw new Error(`BENCH_DRIVERS: unknown driver ${driver} (${DRIVERS.join(', ')})`);
  }
  const sizes = list('BENCH_SIZES', '10,100,1000').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`BENCH_SIZES must be positive integers`);
  return {
    drivers: drivers as BenchDriver[],
    sizes: sizes.sort((a, b) => a - b),
    warmRuns: count('BENCH_RUNS', 10),
    coldRuns: count('BENCH_COLD_RUNS', 10),
    coldRunsLarge: count('BENCH_COLD_RUNS_LARGE', 5),
    coldRunsSlow: count('BENCH_COLD_RUNS_SLOW', 3),
    baselineRuns: count('BENCH_BASELINE_RUNS', 5),
    largeSize: 1000,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig();
  const workDir = mkdtempSync(join(tmpdir(), 'schema-guard-bench-'));
  const createdDatabases: string[] = [];
  const hasPostgres = config.drivers.includes('postgres');
  try {
    const adminUrl = hasPostgres ? await startPostgres() : undefined;
    const machine = await describeMachine(adminUrl);
    progress(started, `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; PostgreSQL ${machine.postgres ?? '-'}`);
    const cases: CaseResult[] = [];
    const drifts: DriftCase[] = [];
    for (const driver of config.drivers) {
      for (const size of config.sizes) {
        const job = await prepareDatabase(driver, size, workDir, createdDatabases, (how) => progress(started, `${driver} ${size}: ${how}`));
        progress(started, `${driver} ${size}: ${config.warmRuns} warm rounds`);
        const warm = (await runWorker({ ...job, mode: 'warm', runs: config.warmRuns })) as WarmResult;
        progress(started, `${driver} ${size}: cold samples`);
        const cold = await runColdSamples(job, config);
        cases.push(summarizeCase({ driver, typeorm: typeormVersion(driver), size, warm, cold }));
        if (size === config.sizes[config.sizes.length - 1]) {
          progress(started, `${driver} ${size}: drift variant`);
          drifts.push(await runDriftCase(job, adminUrl, workDir, createdDatabases));
        }
      }
    }
    const targets = evaluateTargets(cases, drifts);
    const output = {
      generatedAt: new Date().toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      machine,
      // Other work on the machine (a test suite in another checkout) slows every figure: say how busy it was.
      loadAverage: { samples: loadSamples, median: summarize(loadSamples).median },
      config,
      results: cases,
      drift: drifts,
      targets,
    };
    writeJsonAtomically(RESULTS_FILE, output);
    console.log(`\n${formatTable(cases)}\n\n${formatDrift(drifts)}\n\n${formatTargets(targets)}\n`);
    console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, Node ${machine.node}, PostgreSQL ${machine.postgres ?? '-'}, SQLite ${machine.sqlite}; median 1-min load average during the run ${output.loadAverage.median}`);
    console.log(`Written to ${relative(process.cwd(), RESULTS_FILE)} in ${output.durationSeconds} s.`);
  } finally {
    await cleanUpRun(hasPostgres, createdDatabases, workDir);
  }
}

/** Writes the figures through a temporary file, so an interrupted run never leaves half a file. */
export function writeJsonAtomically(file: string, data: unknown): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Drops the run's PostgreSQL databases and stops the server it started, and removes its SQLite files. */
export async function cleanUpRun(hasPostgres: boolean, createdDatabases: string[], workDir: string): Promise<void> {
  if (hasPostgres) {
    await dropDatabases(createdDatabases).catch(() => undefined);
    await stopPostgres();
  }
  rmSync(workDir, { recursive: true, force: true });
}

/**
 * One driver's database at one size, with the entities' schema: made by TypeORM's synchronize(), or,
 * for sqlite3, copied from the file synchronize() made for better-sqlite3 (synchronize() of 1000
 * entities on SQLite takes minutes of CPU; the clean-schema figures show both agree with it). The
 * setup job also records the floor's statements.
 */
export async function prepareDatabase(
  driver: BenchDriver,
  size: number,
  workDir: string,
  created: string[],
  say: (how: string) => void,
): Promise<JobBase> {
  const location = await createDatabase(driver, size, workDir, created);
  const job = { driver, size, location, statementsFile: join(workDir, `${driver}-${size}.statements.json`) };
  const synchronizedBy = driver === 'sqlite3' ? join(workDir, `better-sqlite3-${size}.sqlite`) : undefined;
  const isCopy = synchronizedBy !== undefined && existsSync(synchronizedBy);
  if (isCopy) copyFileSync(synchronizedBy, location);
  say(isCopy ? 'copy of the better-sqlite3 database' : 'synchronize()');
  await runWorker({ ...job, mode: 'setup', synchronize: !isCopy });
  return job;
}

export async function createDatabase(driver: BenchDriver, size: number, workDir: string, created: string[]): Promise<string> {
  if (driver !== 'postgres') return join(workDir, `${driver}-${size}.sqlite`);
  const url = await createTestDatabase();
  created.push(url);
  return url;
}

/** Cold samples in rotating order, so no tool always runs first after a pause. */
export async function runColdSamples(job: JobBase, config: BenchConfig): Promise<Record<Tool | 'baseline', ColdResult[]>> {
  const samples: Record<Tool | 'baseline', ColdResult[]> = { guard: [], log: [], floor: [], baseline: [] };
  const isLarge = job.size >= config.largeSize;
  const wanted = (tool: Tool | 'baseline') =>
    tool === 'baseline' ? config.baselineRuns : tool === 'log' && isLarge ? config.coldRunsSlow : isLarge ? config.coldRunsLarge : config.coldRuns;
  const kinds: (Tool | 'baseline')[] = [...TOOLS, 'baseline'];
  const rounds = Math.max(...kinds.map(wanted));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < kinds.length; i++) {
      const tool = kinds[(round + i) % kinds.length];
      if (samples[tool].length >= wanted(tool)) continue;
      samples[tool].push((await runWorker({ ...job, mode: 'cold', tool })) as ColdResult);
    }
  }
  return samples;
}

async function runDriftCase(job: JobBase, adminUrl: string | undefined, workDir: string, created: string[]): Promise<DriftCase> {
  const plan = planDrift(job.size);
  let location: string;
  if (job.driver === 'postgres') {
    const source = new URL(job.location);
    const target = new URL(job.location);
    target.pathname = `${source.pathname}_drift`;
    await runAdmin(adminUrl as string, `CREATE DATABASE "${target.pathname.slice(1)}" TEMPLATE "${source.pathname.slice(1)}"`);
    location = target.toString();
    created.push(location);
    await breakPostgres(location, plan);
  } else {
    location = join(workDir, `${job.driver}-${job.size}-drift.sqlite`);
    copyFileSync(job.location, location);
    breakSqlite(location, plan);
  }
  const result = (await runWorker({ ...job, location, mode: 'drift' })) as DriftResult;
  return summarizeDrift(job.driver, job.size, plan, result);
}

async function runAdmin(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropDatabases(urls: string[]): Promise<void> {
  const adminUrl = process.env.PG_URL;
  // The embedded server is deleted whole; only a server given through PG_URL needs cleaning.
  if (!adminUrl) return;
  for (const url of urls.reverse()) await runAdmin(adminUrl, `DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}"`);
}

/** Runs one worker process and returns its result. */
export function runWorker(job: Job): Promise<unknown> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const flags = ['--expose-gc', '--disable-warning=DeprecationWarning', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, WORKER_FILE, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) {
        reject(new Error(`bench worker (${job.mode} ${job.driver} ${job.size}) exited with ${code}:\n${stdout}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_MARKER.length)));
    });
  });
}

export function progress(started: number, message: string): void {
  const load = loadavg()[0];
  loadSamples.push(Math.round(load * 100) / 100);
  process.stderr.write(`[bench ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s, load ${load.toFixed(1)}] ${message}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
