/**
 * Counts database round trips at the driver, below TypeORM, so that neither tool can hide a
 * statement from the count (TypeORM's logger sees only what goes through a QueryRunner).
 *
 * - pg: every `Client.prototype.query` call is one round trip (a multi-statement simple query too).
 * - better-sqlite3: every statement execution (`Statement#all/get/run/iterate`, which is also how
 *   `Database#pragma` runs) and every `Database#exec`. `Database#prepare` is counted apart: TypeORM's
 *   better-sqlite3 runner keeps an LRU of 100 prepared statements, so a warm run of a query it has
 *   seen executes without preparing, and counting prepares alone would under-count.
 * - sqlite3: every `Database#all/run/get/each/exec` call (each prepares and runs one statement).
 */

/** The three drivers the benchmark runs. */
export type BenchDriver = 'postgres' | 'better-sqlite3' | 'sqlite3';

/** What was counted since the last {@link resetRoundTrips}. */
export interface RoundTripCount {
  /** Statements sent to the database. */
  roundTrips: number;
  /** better-sqlite3 only: statements prepared (compiled), cached or not. */
  prepares: number;
}

const counts: RoundTripCount = { roundTrips: 0, prepares: 0 };
const installed = new Set<BenchDriver>();

/** Resets the counters to zero. */
export function resetRoundTrips(): void {
  counts.roundTrips = 0;
  counts.prepares = 0;
}

/** A copy of the counters. */
export function readRoundTrips(): RoundTripCount {
  return { ...counts };
}

/**
 * Wraps the driver's query entry points (once per process). Must run before the driver is used,
 * and uses `require` so it patches the very module instance TypeORM loads (`node_modules/pg`, ...).
 */
export function installRoundTripCounters(driver: BenchDriver): void {
  if (installed.has(driver)) return;
  installed.add(driver);
  if (driver === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require('pg') as typeof import('pg');
    countCalls(Client.prototype as unknown as Record<string, unknown>, ['query'], 'roundTrips');
  } else if (driver === 'better-sqlite3') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    // The Statement class is not exported: reach its prototype through a throwaway in-memory database.
    const probe = new Database(':memory:');
    const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
    probe.close();
    countCalls(statementPrototype, ['all', 'get', 'run', 'iterate'], 'roundTrips');
    countCalls(Database.prototype as unknown as Record<string, unknown>, ['exec'], 'roundTrips');
    countCalls(Database.prototype as unknown as Record<string, unknown>, ['prepare'], 'prepares');
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Database } = require('sqlite3') as { Database: { prototype: Record<string, unknown> } };
    countCalls(Database.prototype, ['all', 'run', 'get', 'each', 'exec'], 'roundTrips');
  }
}

function countCalls(target: Record<string, unknown>, methods: string[], counter: keyof RoundTripCount): void {
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== 'function') throw new Error(`bench: cannot count round trips, ${method} is not a function`);
    target[method] = function counted(this: unknown, ...args: unknown[]) {
      counts[counter]++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}
