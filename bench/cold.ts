/**
 * `npm run bench:cold`: what the guard adds to a service's boot (issue 13). Every sample is a fresh
 * `node` process:
 *
 * - **import**: `require()` of each entry point (and the CLI's `--help`), process wall time over a
 *   bare `node -e ''`;
 * - **first call**: the `cold` job of `worker.ts` per driver and entity count — the guard's import
 *   (TypeORM already loaded) and its first call timed apart, beside `log()`'s first call and the floor's;
 * - **warm**: the `warm` job of `worker.ts` at the largest entity count.
 *
 * Prints the figures and PASS/FAIL per target; writes BENCH_RESULTS [bench/cold-results.json].
 * Environment as `npm run bench` (BENCH_SIZES, BENCH_DRIVERS, BENCH_RUNS, BENCH_COLD_RUNS,
 * BENCH_COLD_RUNS_LARGE, BENCH_COLD_RUNS_SLOW, PG_URL), plus BENCH_IMPORT_RUNS [30] processes per entry point.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPostgres } from '../test/support/postgres-server';
import type { BenchDriver } from './count-round-trips';
import { describeMachine } from './describe-machine';
import { cleanUpRun, prepareDatabase, progress, readConfig, runColdSamples, runWorker, writeJsonAtomically } from './run';
import { round, roundSummary, summarize, type Summary } from './stats';
import type { ColdResult, WarmResult } from './worker';

const ROOT = join(__dirname, '..', '..');
const RESULTS_FILE = process.env.BENCH_RESULTS || join(ROOT, 'bench', 'cold-results.json');
const CLI_FILE = join(ROOT, 'dist', 'lib', 'integrations', 'cli', 'main.js');

/** What each import sample runs: `node <args>` from the package root (so the package name resolves to itself). */
const IMPORTS: { name: string; args: string[] }[] = [
  { name: "baseline: node -e ''", args: ['-e', ''] },
  ...['', '/health', '/chai', '/assert', '/formatters'].map((entry) => ({
    name: `require('typeorm-schema-guard${entry}')`,
    args: ['-e', `require('typeorm-schema-guard${entry}')`],
  })),
  { name: 'schema-guard --help', args: [CLI_FILE, '--help'] },
];

/** One entry point: process wall time, and that minus the baseline's median. */
export interface ImportFigures {
  name: string;
  wallMs: Summary;
  overBaselineMs: number;
}

/** One driver at one entity count: first calls in fresh processes, in ms. */
export interface ColdCase {
  driver: BenchDriver;
  entities: number;
  guardImportMs: Summary;
  guardFirstCallMs: Summary;
  /** Import + first call, per process: what the guard adds to a service's boot. */
  guardTotalMs: Summary;
  logFirstCallMs: Summary;
  floorFirstCallMs: Summary;
  warm?: { guardMs: Summary; logMs: Summary; floorMs: Summary };
}

/** A target of issue 13, checked. */
export interface ColdTarget {
  target: string;
  measured: string;
  limit: string;
  pass: boolean;
}

async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig();
  const importRuns = Number(process.env.BENCH_IMPORT_RUNS ?? 30);
  const workDir = mkdtempSync(join(tmpdir(), 'schema-guard-cold-'));
  const createdDatabases: string[] = [];
  const hasPostgres = config.drivers.includes('postgres');
  const loads: number[] = [];
  const noteLoad = (message: string) => {
    loads.push(round(loadavg()[0]));
    progress(started, message);
  };
  try {
    const adminUrl = hasPostgres ? await startPostgres() : undefined;
    const machine = await describeMachine(adminUrl);
    noteLoad(`imports: ${importRuns} processes per entry point`);
    const imports = await measureImports(importRuns);
    const cases: ColdCase[] = [];
    const largest = config.sizes[config.sizes.length - 1];
    for (const driver of config.drivers) {
      for (const size of config.sizes) {
        const job = await prepareDatabase(driver, size, workDir, createdDatabases, (how) => noteLoad(`${driver} ${size}: setup (${how})`));
        noteLoad(`${driver} ${size}: cold samples`);
        const cold = await runColdSamples(job, { ...config, baselineRuns: 1 });
        const coldCase = summarizeCold(driver, size, cold);
        if (size === largest) {
          noteLoad(`${driver} ${size}: ${config.warmRuns} warm rounds`);
          const warm = (await runWorker({ ...job, mode: 'warm', runs: config.warmRuns })) as WarmResult;
          const ms = (tool: 'guard' | 'log' | 'floor') => roundSummary(summarize(warm.samples[tool].map((s) => s.ms)));
          coldCase.warm = { guardMs: ms('guard'), logMs: ms('log'), floorMs: ms('floor') };
        }
        cases.push(coldCase);
      }
    }
    const targets = evaluateColdTargets(imports, cases, largest);
    const output = {
      generatedAt: new Date().toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      machine,
      loadAverage: { samples: loads, median: round(summarize(loads).median) },
      config: { ...config, importRuns },
      imports,
      cases,
      targets,
    };
    writeJsonAtomically(RESULTS_FILE, output);
    console.log(`\n${formatImports(imports)}\n\n${formatCases(cases)}\n\n${formatColdTargets(targets)}\n`);
    console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; 1-min load average ${loads.join(', ')} (median ${output.loadAverage.median})`);
    console.log(`Written to ${relative(process.cwd(), RESULTS_FILE)} in ${output.durationSeconds} s.`);
  } finally {
    await cleanUpRun(hasPostgres, createdDatabases, workDir);
  }
}

/** `runs` rounds; each round starts every entry point once, in rotating order. */
async function measureImports(runs: number): Promise<ImportFigures[]> {
  const samples = IMPORTS.map(() => [] as number[]);
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < IMPORTS.length; i++) {
      const index = (round + i) % IMPORTS.length;
      samples[index].push(await timeProcess(IMPORTS[index].args));
    }
  }
  const baseline = summarize(samples[0]).median;
  return IMPORTS.map((entry, i) => {
    const wallMs = summarize(samples[i]);
    return { name: entry.name, wallMs: roundSummary(wallMs), overBaselineMs: round(wallMs.median - baseline) };
  });
}

/** Wall time of one `node <args>` process, from spawn to exit. */
function timeProcess(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve(performance.now() - started);
    });
  });
}

function summarizeCold(driver: BenchDriver, entities: number, cold: Record<string, ColdResult[]>): ColdCase {
  const ms = (samples: ColdResult[], pick: (s: ColdResult) => number) => roundSummary(summarize(samples.map(pick)));
  return {
    driver,
    entities,
    guardImportMs: ms(cold.guard, (s) => s.importMs ?? NaN),
    guardFirstCallMs: ms(cold.guard, (s) => s.sample.ms),
    guardTotalMs: ms(cold.guard, (s) => (s.importMs ?? NaN) + s.sample.ms),
    logFirstCallMs: ms(cold.log, (s) => s.sample.ms),
    floorFirstCallMs: ms(cold.floor, (s) => s.sample.ms),
  };
}

/** The targets of issue 13, on medians; `largest` stands for the issue's 1000 entities. */
export function evaluateColdTargets(imports: ImportFigures[], cases: ColdCase[], largest: number): ColdTarget[] {
  const main = imports.find((entry) => entry.name === "require('typeorm-schema-guard')");
  const targets: ColdTarget[] = [];
  if (main) {
    targets.push({
      target: 'import of the main entry, over node -e',
      measured: `${fmt(main.overBaselineMs)} ms (${fmt(main.wallMs.median)} ms against ${fmt(imports[0].wallMs.median)} ms)`,
      limit: '<= 25 ms',
      pass: main.overBaselineMs <= 25,
    });
  }
  for (const c of cases.filter((c) => c.entities === largest)) {
    const guard = c.guardFirstCallMs.median;
    const speed = c.logFirstCallMs.median / guard;
    const floor = guard / c.floorFirstCallMs.median;
    const pad = c.driver.padEnd(14);
    targets.push({
      target: `${pad} first call at ${largest}, cold, vs log()`,
      measured: `${ratio(speed)} (${fmt(guard)} ms vs ${fmt(c.logFirstCallMs.median)} ms)`,
      limit: '>= 25x',
      pass: speed >= 25,
    });
    targets.push({
      target: `${pad} first call at ${largest}, cold, vs floor`,
      measured: `${ratio(floor)} (${fmt(guard)} ms vs ${fmt(c.floorFirstCallMs.median)} ms)`,
      limit: '<= 2x',
      pass: floor <= 2,
    });
    if (c.warm) {
      const warm = c.warm.logMs.median / c.warm.guardMs.median;
      targets.push({
        target: `${pad} call at ${largest}, warm, vs log()`,
        measured: `${ratio(warm)} (${fmt(c.warm.guardMs.median)} ms vs ${fmt(c.warm.logMs.median)} ms)`,
        limit: '>= 50x',
        pass: warm >= 50,
      });
    }
  }
  return targets;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function ratio(value: number): string {
  return value >= 10 ? `${value.toFixed(1)}x` : `${value.toFixed(2)}x`;
}

function formatImports(imports: ImportFigures[]): string {
  const rows = imports.map((e) => `| ${e.name} | ${fmt(e.wallMs.median)} ms | ${fmt(e.wallMs.p90)} ms | ${e.name.startsWith('baseline') ? '' : `${fmt(e.overBaselineMs)} ms`} |`);
  return ['| process (fresh each sample) | wall median | wall p90 | median over baseline |', '|---|---:|---:|---:|', ...rows].join('\n');
}

function formatCases(cases: ColdCase[]): string {
  const cell = (s: Summary) => `${fmt(s.median)} / ${fmt(s.p90)}`;
  const rows = cases.map(
    (c) =>
      `| ${c.driver} | ${c.entities} | ${cell(c.guardImportMs)} | ${cell(c.guardFirstCallMs)} | ${cell(c.guardTotalMs)} | ${cell(c.logFirstCallMs)} | ${cell(c.floorFirstCallMs)} | ${
        c.warm ? `${fmt(c.warm.guardMs.median)} / ${fmt(c.warm.logMs.median)} / ${fmt(c.warm.floorMs.median)}` : ''
      } |`,
  );
  return [
    'ms, median / p90 of fresh processes (warm: medians of one process)',
    '| driver | entities | guard import | guard first call | import + first call | log() first call | floor first call | warm: guard / log() / floor |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function formatColdTargets(targets: ColdTarget[]): string {
  const width = Math.max(...targets.map((t) => t.target.length));
  return targets.map((t) => `${t.pass ? 'PASS' : 'FAIL'}  ${t.target.padEnd(width)}  ${t.measured} (target ${t.limit})`).join('\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
