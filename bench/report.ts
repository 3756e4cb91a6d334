/**
 * Turns worker results into figures (results.json), the printed tables, and PASS/FAIL per target
 * of issue 3. Pure functions: no I/O.
 */
import { EXPECTED_CODE, type BrokenTable } from './break-schema';
import type { BenchDriver } from './count-round-trips';
import { round, roundSummary, summarize, type Summary } from './stats';
import type { ColdResult, DriftResult, Tool, WarmResult } from './worker';

/** What `run.ts` was asked to run. */
export interface BenchConfig {
  drivers: BenchDriver[];
  sizes: number[];
  /** Warm rounds per (driver, size); each round times every tool once. */
  warmRuns: number;
  /** Cold samples (one fresh process each) per tool, below `largeSize` entities. */
  coldRuns: number;
  /** Cold samples per tool at `largeSize` entities and above, where each process builds large metadata. */
  coldRunsLarge: number;
  /** Cold samples of log() at `largeSize` entities and above, where one call takes tens of seconds. */
  coldRunsSlow: number;
  /** Processes that only initialise, for the memory baseline. */
  baselineRuns: number;
  largeSize: number;
}

/** Figures of one tool on one (driver, size). Times in ms, memory in MiB. */
export interface ToolFigures {
  warmMs: Summary;
  coldMs: Summary;
  /** Round trips per call, every distinct value seen; `max` over warm and cold. */
  roundTrips: { warm: number[]; cold: number[]; max: number };
  /** better-sqlite3: statements prepared per warm call (TypeORM caches up to 100). */
  prepares?: number[];
  /**
   * Peak resident memory the call added in a fresh process: (peak during the call - RSS just
   * before it), minus the same figure of the baseline process that only initialises.
   */
  peakIncreaseMb: Summary;
  /** The process's whole-life peak RSS minus the baseline process's (initialise included in both). */
  processPeakIncreaseMb: Summary;
}

/** Everything measured on one driver at one entity count. */
export interface CaseResult {
  driver: BenchDriver;
  typeorm: string;
  entities: number;
  tools: Record<Tool, ToolFigures>;
  /** The baseline process: peak during its empty "call" and its whole-life peak, in MiB. */
  baseline: { peakDuringMb: Summary; processPeakMb: Summary };
  /** What each tool reports on the schema synchronize() created: both should report nothing. */
  clean: { guardFindings: number; logStatements: number; guardItems: string[]; logItems: string[] };
  /** The guard's own report.stats of its last warm run. */
  guardStats: WarmResult['guardStats'];
}

/** The drift variant on one driver. */
export interface DriftCase {
  driver: BenchDriver;
  entities: number;
  broken: (BrokenTable & { expectedCode: string; isFoundByGuard: boolean; logStatements: number })[];
  guard: { findings: number; ms: number; roundTrips: number; items: string[] };
  log: { statements: number; ms: number; roundTrips: number; items: string[] };
}

/** One target of the issue, checked. `pass` is null when this run did not measure it. */
export interface TargetCheck {
  target: string;
  driver: BenchDriver;
  measured: string;
  limit: string;
  pass: boolean | null;
}

const MB = 2 ** 20;

export const TOOL_LABELS: Record<Tool, string> = {
  guard: 'validateSchemaOnStartup',
  log: 'createSchemaBuilder().log()',
  floor: 'floor: catalog SQL alone',
};

/** Summarises the warm and cold samples of one (driver, size). */
export function summarizeCase(input: {
  driver: BenchDriver;
  typeorm: string;
  size: number;
  warm: WarmResult;
  cold: Record<Tool | 'baseline', ColdResult[]>;
}): CaseResult {
  const { warm, cold } = input;
  const deltaOf = (sample: ColdResult) => sample.peakDuring - sample.rssBefore;
  const baselineDelta = summarize(cold.baseline.map(deltaOf)).median;
  const baselinePeak = summarize(cold.baseline.map((s) => s.maxRssProcess)).median;
  const figures = (tool: Tool): ToolFigures => {
    const warmRoundTrips = distinct(warm.samples[tool].map((s) => s.roundTrips));
    const coldRoundTrips = distinct(cold[tool].map((s) => s.sample.roundTrips));
    const result: ToolFigures = {
      warmMs: roundSummary(summarize(warm.samples[tool].map((s) => s.ms))),
      coldMs: roundSummary(summarize(cold[tool].map((s) => s.sample.ms))),
      roundTrips: { warm: warmRoundTrips, cold: coldRoundTrips, max: Math.max(...warmRoundTrips, ...coldRoundTrips) },
      peakIncreaseMb: roundSummary(summarize(cold[tool].map((s) => (deltaOf(s) - baselineDelta) / MB)), 1),
      processPeakIncreaseMb: roundSummary(summarize(cold[tool].map((s) => (s.maxRssProcess - baselinePeak) / MB)), 1),
    };
    if (input.driver === 'better-sqlite3') result.prepares = distinct(warm.samples[tool].map((s) => s.prepares));
    return result;
  };
  return {
    driver: input.driver,
    typeorm: input.typeorm,
    entities: input.size,
    tools: { guard: figures('guard'), log: figures('log'), floor: figures('floor') },
    baseline: {
      peakDuringMb: roundSummary(summarize(cold.baseline.map((s) => deltaOf(s) / MB)), 1),
      processPeakMb: roundSummary(summarize(cold.baseline.map((s) => s.maxRssProcess / MB)), 1),
    },
    clean: {
      guardFindings: warm.verdicts.guard.count,
      logStatements: warm.verdicts.log.count,
      guardItems: warm.verdicts.guard.items.slice(0, 10),
      logItems: warm.verdicts.log.items.slice(0, 10),
    },
    guardStats: warm.guardStats,
  };
}

/** Checks that each tool saw each broken table: a finding of the expected code, a statement naming the table. */
export function summarizeDrift(driver: BenchDriver, size: number, plan: BrokenTable[], result: DriftResult): DriftCase {
  const { guard, log } = result.verdicts;
  return {
    driver,
    entities: size,
    broken: plan.map((broken) => ({
      ...broken,
      expectedCode: EXPECTED_CODE[broken.kind],
      isFoundByGuard: guard.items.some((item) => {
        const wanted = `${EXPECTED_CODE[broken.kind]} ${broken.table}`;
        return item === wanted || item.startsWith(`${wanted}.`);
      }),
      // SQLite rebuilds a table through "temporary_<table>"; both spellings are quoted in TypeORM's DDL.
      logStatements: log.items.filter((q) => q.includes(`"${broken.table}"`) || q.includes(`"temporary_${broken.table}"`)).length,
    })),
    guard: { findings: guard.count, ms: round(result.samples.guard.ms), roundTrips: result.samples.guard.roundTrips, items: guard.items },
    log: { statements: log.count, ms: round(result.samples.log.ms), roundTrips: result.samples.log.roundTrips, items: log.items },
  };
}

/** PASS/FAIL per target of issue 3, per driver. */
export function evaluateTargets(cases: CaseResult[], drifts: DriftCase[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const drivers = [...new Set(cases.map((c) => c.driver))];
  for (const driver of drivers) {
    const ofDriver = cases.filter((c) => c.driver === driver);
    const at = (size: number) => ofDriver.find((c) => c.entities === size);
    const isPostgres = driver === 'postgres';
    const maxRoundTrips = Math.max(...ofDriver.map((c) => c.tools.guard.roundTrips.max));
    checks.push({
      target: 'round trips, any entity count',
      driver,
      measured: `${maxRoundTrips} (at ${ofDriver.map((c) => c.entities).join(', ')})`,
      limit: '<= 5',
      pass: maxRoundTrips <= 5,
    });
    const large = at(1000);
    for (const temperature of ['warm', 'cold'] as const) {
      const key = temperature === 'warm' ? 'warmMs' : 'coldMs';
      const minimum = isPostgres ? 25 : 20;
      checks.push(
        ratioCheck(`speed vs log() at 1000, ${temperature}`, driver, large && large.tools.log[key].median / large.tools.guard[key].median, `>= ${minimum}x`, (r) => r >= minimum),
      );
      if (isPostgres) {
        checks.push(
          ratioCheck(`within 2x of the floor at 1000, ${temperature}`, driver, large && large.tools.guard[key].median / large.tools.floor[key].median, '<= 2x', (r) => r <= 2),
        );
      }
      const medium = at(100);
      checks.push(
        ratioCheck(`scaling time(1000) / time(100), ${temperature}`, driver, large && medium && large.tools.guard[key].median / medium.tools.guard[key].median, '<= 12', (r) => r <= 12),
      );
    }
    checks.push(memoryCheck(driver, large));
    const drift = drifts.find((d) => d.driver === driver);
    if (drift) {
      const guardFound = drift.broken.filter((b) => b.isFoundByGuard).length;
      const logFound = drift.broken.filter((b) => b.logStatements > 0).length;
      checks.push({
        target: `drift found by both tools (${drift.entities} entities)`,
        driver,
        measured: `guard ${guardFound}/${drift.broken.length}, log() ${logFound}/${drift.broken.length} tables`,
        limit: 'all broken tables',
        pass: guardFound === drift.broken.length && logFound === drift.broken.length,
      });
    }
  }
  return checks;
}

function ratioCheck(
  target: string,
  driver: BenchDriver,
  ratio: number | undefined,
  limit: string,
  isMet: (ratio: number) => boolean,
): TargetCheck {
  if (!ratio || !Number.isFinite(ratio)) return { target, driver, measured: 'not measured (BENCH_SIZES)', limit, pass: null };
  return { target, driver, measured: `${formatRatio(ratio)}`, limit, pass: isMet(ratio) };
}

function memoryCheck(driver: BenchDriver, large: CaseResult | undefined): TargetCheck {
  const target = 'peak memory increase at 1000, vs log()';
  if (!large) return { target, driver, measured: 'not measured (BENCH_SIZES)', limit: '<= 1/2 of log()', pass: null };
  const guard = large.tools.guard.peakIncreaseMb.median;
  const log = large.tools.log.peakIncreaseMb.median;
  return {
    target,
    driver,
    measured: `${formatMb(guard)} vs ${formatMb(log)} (${log > 0 ? formatRatio(guard / log) : 'n/a'})`,
    limit: '<= 1/2 of log()',
    pass: guard <= log / 2,
  };
}

/** The main table, in Markdown. */
export function formatTable(cases: CaseResult[]): string {
  const rows = [
    '| driver | entities | tool | warm median | warm p90 | cold median | cold p90 | round trips | peak RSS increase |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of cases) {
    for (const tool of ['guard', 'log', 'floor'] as Tool[]) {
      const f = c.tools[tool];
      rows.push(
        `| ${c.driver} | ${c.entities} | ${TOOL_LABELS[tool]} | ${formatMs(f.warmMs.median)} | ${formatMs(f.warmMs.p90)} | ` +
          `${formatMs(f.coldMs.median)} | ${formatMs(f.coldMs.p90)} | ${formatRoundTrips(f)} | ${formatMb(f.peakIncreaseMb.median)} |`,
      );
    }
  }
  const ratios = [
    '| driver | entities | log() / guard, warm | log() / guard, cold | guard / floor, warm | guard / floor, cold | clean schema: guard findings, log() statements |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const c of cases) {
    const { guard, log, floor } = c.tools;
    ratios.push(
      `| ${c.driver} | ${c.entities} | ${formatRatio(log.warmMs.median / guard.warmMs.median)} | ${formatRatio(log.coldMs.median / guard.coldMs.median)} | ` +
        `${formatRatio(guard.warmMs.median / floor.warmMs.median)} | ${formatRatio(guard.coldMs.median / floor.coldMs.median)} | ` +
        `${c.clean.guardFindings}, ${c.clean.logStatements} |`,
    );
  }
  return `${rows.join('\n')}\n\n${ratios.join('\n')}`;
}

/** The drift table, in Markdown. */
export function formatDrift(drifts: DriftCase[]): string {
  const rows = [
    '| driver | entities | broken tables | found by guard | guard findings | found by log() | log() statements | guard | log() |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const d of drifts) {
    rows.push(
      `| ${d.driver} | ${d.entities} | ${d.broken.length} | ${d.broken.filter((b) => b.isFoundByGuard).length} | ${d.guard.findings} | ` +
        `${d.broken.filter((b) => b.logStatements > 0).length} | ${d.log.statements} | ${formatMs(d.guard.ms)} | ${formatMs(d.log.ms)} |`,
    );
  }
  return rows.join('\n');
}

/** PASS/FAIL lines. */
export function formatTargets(checks: TargetCheck[]): string {
  return checks
    .map((c) => `${c.pass === null ? 'SKIP' : c.pass ? 'PASS' : 'FAIL'}  ${c.driver.padEnd(14)} ${c.target.padEnd(44)} ${c.measured} (target ${c.limit})`)
    .join('\n');
}

function distinct(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function formatRoundTrips(f: ToolFigures): string {
  const warm = f.roundTrips.warm.join('/');
  const cold = f.roundTrips.cold.join('/');
  return warm === cold ? warm : `${warm} (cold ${cold})`;
}

function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function formatMb(mb: number): string {
  return Number.isFinite(mb) ? `${mb.toFixed(1)} MB` : '-';
}

function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '-';
  return ratio >= 10 ? `${Math.round(ratio)}x` : `${ratio.toFixed(2)}x`;
}
