/**
 * One benchmark child process. `run.ts` starts it with `node --expose-gc dist/bench/worker.js '<job JSON>'`
 * and reads one result line (prefixed {@link RESULT_MARKER}) from its stdout.
 *
 * - `setup`: creates the schema with TypeORM's `synchronize()` (unless the file is a copy of one it
 *   created) and records the floor's statements.
 * - `warm`: one initialised DataSource, a discarded first run of each tool, then `runs` rounds in
 *   alternating order (guard, floor, log() / log(), floor, guard).
 * - `cold`: a fresh process and connection, one timed call of one tool (or none: the memory
 *   baseline), and the peak resident memory that call added.
 * - `drift`: both tools on a database with drift, and what each reported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { SchemaReport } from '../lib';
import { installRoundTripCounters, readRoundTrips, resetRoundTrips, type BenchDriver } from './count-round-trips';
import { createBenchDataSource } from './data-sources';
import { recordCatalogStatements, runFloor, type CatalogStatement } from './floor';

/** Prefix of the one stdout line that carries a worker's result. */
export const RESULT_MARKER = '@@bench-result ';

/** The three things timed. `guard` is validateSchemaOnStartup, `log` TypeORM's createSchemaBuilder().log(). */
export type Tool = 'guard' | 'log' | 'floor';
export const TOOLS: Tool[] = ['guard', 'log', 'floor'];

/** What every job names: the driver, the database and the entity count. */
export interface JobBase {
  driver: BenchDriver;
  /** PostgreSQL URL or SQLite file. */
  location: string;
  size: number;
  /** JSON file with the floor's recorded statements. */
  statementsFile: string;
}

export type Job =
  | (JobBase & { mode: 'setup'; synchronize: boolean })
  | (JobBase & { mode: 'warm'; runs: number })
  | (JobBase & { mode: 'cold'; tool: Tool | 'baseline' })
  | (JobBase & { mode: 'drift' });

/** One timed call. */
export interface Sample {
  ms: number;
  roundTrips: number;
  prepares: number;
}

/** What a tool said about the schema: our findings, or TypeORM's statements. */
export interface Verdict {
  /** Findings (guard) or up-statements (log); rows read (floor). */
  count: number;
  /** guard: `code table` per finding; log: each statement, truncated. */
  items: string[];
}

export interface WarmResult {
  samples: Record<Tool, Sample[]>;
  /** What each tool reported on the schema synchronize() just created (should be nothing). */
  verdicts: Record<Tool, Verdict>;
  /** The guard's own report of its last run. */
  guardStats: SchemaReport['stats'];
}

export interface ColdResult {
  sample: Sample;
  /** Resident memory after initialise and a full GC, just before the call, in bytes. */
  rssBefore: number;
  /** Peak resident memory from just before the call to just after it, in bytes (VmHWM after a reset). */
  peakDuring: number;
  /** Whether the kernel's high-water mark could be reset (else peakDuring is the process's whole-life peak). */
  isPeakReset: boolean;
  /** The whole process's peak resident memory (getrusage), in bytes. */
  maxRssProcess: number;
  /** guard: how long `require('../lib')` took in this process, TypeORM already loaded (the call is timed apart). */
  importMs?: number;
}

export interface DriftResult {
  verdicts: { guard: Verdict; log: Verdict };
  samples: { guard: Sample; log: Sample };
}

let guardModule: typeof import('../lib') | undefined;

/** The library, loaded on first use: a cold guard sample times its import apart from its first call. */
function loadGuard(): typeof import('../lib') {
  guardModule ??= require('../lib') as typeof import('../lib');
  return guardModule;
}

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as Job;
  installRoundTripCounters(job.driver);
  const ds = createBenchDataSource(job.driver, job.location, job.size, job.mode === 'setup' && job.synchronize);
  await ds.initialize();
  try {
    const result = await runJob(job, ds);
    process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  } finally {
    await ds.destroy();
  }
}

async function runJob(job: Job, ds: DataSource): Promise<unknown> {
  switch (job.mode) {
    case 'setup': {
      const statements = await recordCatalogStatements(job.driver, ds);
      writeFileSync(job.statementsFile, JSON.stringify(statements));
      return { statements: statements.length };
    }
    case 'warm':
      return runWarm(job, ds, readStatements(job.statementsFile));
    case 'cold':
      return runCold(job, ds, job.tool === 'floor' ? readStatements(job.statementsFile) : []);
    case 'drift':
      return runDrift(job, ds);
  }
}

function readStatements(file: string): CatalogStatement[] {
  return JSON.parse(readFileSync(file, 'utf8')) as CatalogStatement[];
}

type Call = () => Promise<Verdict>;

let lastGuardStats: SchemaReport['stats'] = { tables: 0, columns: 0, queries: 0, durationMs: 0 };

function toolCalls(job: JobBase, ds: DataSource, statements: CatalogStatement[]): Record<Tool, Call> {
  return {
    guard: async () => {
      const report = await loadGuard().validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger });
      lastGuardStats = report.stats;
      return { count: report.findings.length, items: report.findings.map((f) => `${f.code} ${f.table}${f.column ? `.${f.column}` : ''}`) };
    },
    log: async () => {
      const sql = await ds.driver.createSchemaBuilder().log();
      return { count: sql.upQueries.length, items: sql.upQueries.map((q) => q.query.slice(0, 300)) };
    },
    floor: async () => ({ count: await runFloor(job.driver, ds, statements), items: [] }),
  };
}

/** Times one call, counting the round trips it made at the driver. */
async function timeCall(call: Call): Promise<{ sample: Sample; verdict: Verdict }> {
  resetRoundTrips();
  const started = performance.now();
  const verdict = await call();
  const ms = performance.now() - started;
  const counted = readRoundTrips();
  return { sample: { ms, roundTrips: counted.roundTrips, prepares: counted.prepares }, verdict };
}

function collectGarbage(): void {
  // Each sample starts from a collected heap, so no tool pays for the garbage of the one before it.
  (globalThis as { gc?: () => void }).gc?.();
}

async function runWarm(job: JobBase & { runs: number }, ds: DataSource, statements: CatalogStatement[]): Promise<WarmResult> {
  const calls = toolCalls(job, ds, statements);
  const verdicts = {} as Record<Tool, Verdict>;
  for (const tool of TOOLS) verdicts[tool] = await calls[tool]();
  const samples: Record<Tool, Sample[]> = { guard: [], log: [], floor: [] };
  for (let round = 0; round < job.runs; round++) {
    const order: Tool[] = round % 2 === 0 ? ['guard', 'floor', 'log'] : ['log', 'floor', 'guard'];
    for (const tool of order) {
      collectGarbage();
      samples[tool].push((await timeCall(calls[tool])).sample);
    }
  }
  return { samples, verdicts, guardStats: lastGuardStats };
}

async function runCold(job: JobBase & { tool: Tool | 'baseline' }, ds: DataSource, statements: CatalogStatement[]): Promise<ColdResult> {
  const call: Call = job.tool === 'baseline' ? async () => ({ count: 0, items: [] }) : toolCalls(job, ds, statements)[job.tool];
  let importMs: number | undefined;
  if (job.tool === 'guard') {
    const started = performance.now();
    loadGuard();
    importMs = performance.now() - started;
  }
  collectGarbage();
  const isPeakReset = resetPeakRss();
  const rssBefore = process.memoryUsage.rss();
  const { sample } = await timeCall(call);
  const maxRssProcess = process.resourceUsage().maxRSS * 1024;
  const peakDuring = (isPeakReset ? readPeakRss() : undefined) ?? maxRssProcess;
  return { sample, rssBefore, peakDuring, isPeakReset, maxRssProcess, importMs };
}

async function runDrift(job: JobBase, ds: DataSource): Promise<DriftResult> {
  const calls = toolCalls(job, ds, []);
  // A first, discarded run of the guard, as in the warm runs. log() is timed on its first run: at
  // 1000 entities on PostgreSQL one call takes tens of seconds, and its warm cost is measured already.
  await calls.guard();
  const guard = await timeCall(calls.guard);
  const log = await timeCall(calls.log);
  return { verdicts: { guard: guard.verdict, log: log.verdict }, samples: { guard: guard.sample, log: log.sample } };
}

/**
 * Resets the kernel's peak-RSS mark of this process to its current RSS (Linux >= 4.0,
 * https://man7.org/linux/man-pages/man5/proc_pid_clear_refs.5.html), so the peak read afterwards
 * is the peak of the timed call alone, not of initialise().
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function readPeakRss(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
