/**
 * The benchmark keeps the core honest, so it is tested too: a tiny `npm run bench` (4 entities, one
 * sample of everything, all three drivers) must produce figures that say what the real run relies
 * on. Nothing here is timed: speed is for `npm run bench`, not for tests.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseResult, DriftCase, TargetCheck } from '../bench/report';
import { tinyBenchEnv } from './support/tiny-bench-env';

interface BenchOutput {
  results: CaseResult[];
  drift: DriftCase[];
  targets: TargetCheck[];
}

const RUN_FILE = join(__dirname, '..', 'bench', 'run.js');

function runBench(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_FILE], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run bench (4 entities, one sample each)', function () {
  this.timeout(240_000);
  let dir: string;
  let bench: BenchOutput;
  let printed: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'schema-guard-bench-test-'));
    const file = join(dir, 'results.json');
    const { code, output } = await runBench({
      ...(await tinyBenchEnv(file)),
      BENCH_BASELINE_RUNS: '1',
    });
    expect(code, output).to.equal(0);
    printed = output;
    bench = JSON.parse(readFileSync(file, 'utf8')) as BenchOutput;
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('measures every tool on every driver, warm and cold', () => {
    expect(bench.results.map((r) => r.driver)).to.deep.equal(['postgres', 'better-sqlite3', 'sqlite3']);
    for (const result of bench.results) {
      for (const tool of ['guard', 'log', 'floor'] as const) {
        expect(result.tools[tool].warmMs.median, `${result.driver} ${tool} warm`).to.be.above(0);
        expect(result.tools[tool].coldMs.median, `${result.driver} ${tool} cold`).to.be.above(0);
      }
    }
  });

  it('counts round trips at the driver: 3 on PostgreSQL and 1 on SQLite for the guard and its floor, more for log()', () => {
    for (const result of bench.results) {
      const expected = result.driver === 'postgres' ? [3] : [1];
      expect(result.tools.guard.roundTrips.warm, `${result.driver} guard`).to.deep.equal(expected);
      expect(result.tools.guard.roundTrips.cold, `${result.driver} guard cold`).to.deep.equal(expected);
      expect(result.tools.floor.roundTrips.warm, `${result.driver} floor`).to.deep.equal(expected);
      expect(result.tools.log.roundTrips.max, `${result.driver} log()`).to.be.above(4);
      expect(result.guardStats.queries, `${result.driver} report.stats.queries`).to.equal(expected[0]);
    }
  });

  it('finds nothing on the schema synchronize() created, with either tool', () => {
    for (const result of bench.results) {
      expect(result.clean.guardItems, `${result.driver} guard`).to.deep.equal([]);
      expect(result.clean.logItems, `${result.driver} log()`).to.deep.equal([]);
    }
  });

  it('breaks one table per kind of drift, and both tools find each of them', () => {
    expect(bench.drift.map((d) => d.driver)).to.deep.equal(['postgres', 'better-sqlite3', 'sqlite3']);
    for (const drift of bench.drift) {
      expect(drift.broken.map((b) => b.kind).sort()).to.deep.equal(['dropped_index', 'fk_action', 'missing_column', 'nullability']);
      for (const broken of drift.broken) {
        expect(broken.isFoundByGuard, `${drift.driver} ${broken.kind}: guard`).to.equal(true);
        expect(broken.logStatements, `${drift.driver} ${broken.kind}: log()`).to.be.above(0);
      }
      expect(drift.guard.findings).to.equal(4);
    }
  });

  it('prints the table and a verdict per target, and skips what a small run cannot measure', () => {
    expect(printed).to.contain('| driver | entities | tool |');
    const roundTrips = bench.targets.filter((t) => t.target.startsWith('round trips'));
    expect(roundTrips.map((t) => [t.driver, t.pass])).to.deep.equal([
      ['postgres', true],
      ['better-sqlite3', true],
      ['sqlite3', true],
    ]);
    // Speed at 1000 entities was not measured: no verdict rather than a made-up one.
    expect(bench.targets.filter((t) => t.target.includes('at 1000')).every((t) => t.pass === null)).to.equal(true);
    expect(printed).to.match(/SKIP {2}postgres/);
  });
});
