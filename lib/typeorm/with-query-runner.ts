import type { Queryable } from '../dialects/dialect';
import type { DataSourceLike, QueryRunnerLike } from './typeorm-shapes';
import { withDeadline } from './with-deadline';

/** A deadline: how long, and the error to reject with when it passes. */
export interface Deadline {
  ms: number;
  error: () => Error;
}

/**
 * Runs `fn` on a query runner of its own (a read replica where TypeORM has one), under a deadline,
 * and gives the runner back to the pool in every case. Past the deadline `fn`'s further statements
 * fail without reaching the database, and the runner's connection is destroyed rather than pooled
 * once it settles (it may still be inside a read-only transaction).
 *
 * @example
 * const rows = await withQueryRunner(ds, { ms: 10_000, error: () => new Error('too slow') }, (db) => db.query('SELECT 1'));
 */
export async function withQueryRunner<T>(ds: DataSourceLike, deadline: Deadline, fn: (db: Queryable) => Promise<T>): Promise<T> {
  let runner: QueryRunnerLike | undefined;
  let timedOut = false;
  const work = (async () => {
    runner = ds.createQueryRunner('slave');
    const db: Queryable = {
      async query(sql, params) {
        // Past the deadline the caller has its answer; stop issuing statements on this runner.
        if (timedOut) throw new Error('typeorm-schema-guard: the check was abandoned at its deadline');
        const rows = await (runner as QueryRunnerLike).query(sql, params);
        return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
      },
    };
    return fn(db);
  })();
  try {
    return await withDeadline(work, deadline.ms, () => {
      timedOut = true;
      return deadline.error();
    });
  } finally {
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
  const release =
    isBroken && typeof runner.releasePostgresConnection === 'function'
      ? runner.releasePostgresConnection(new Error('typeorm-schema-guard: check timed out'))
      : runner.release();
  await release.catch(() => undefined);
}
