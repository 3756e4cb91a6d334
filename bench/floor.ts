/**
 * The floor: the catalog statements our introspector sends, and nothing else — no TypeORM query
 * runner, no metadata, no diff. The statements are recorded once from `introspectPostgres` /
 * `introspectSqlite` (so the floor follows whatever SQL lib/ sends) and replayed on the raw driver
 * connection that TypeORM itself uses: a client taken from TypeORM's pg pool, or the SQLite handle.
 */
import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { Queryable } from '../lib/dialects/dialect';
import { introspectPostgres } from '../lib/dialects/postgres';
import { introspectSqlite } from '../lib/dialects/sqlite';
import type { BenchDriver } from './count-round-trips';

/** One statement as the introspector sent it. */
export interface CatalogStatement {
  sql: string;
  params?: unknown[];
}

/** A raw driver connection borrowed from an initialised DataSource; `release` gives it back. */
interface RawConnection extends Queryable {
  release(): void;
}

/**
 * Runs our introspector once on `ds`'s database, through a Queryable that records each statement.
 * Done once at set-up and stored, so that timed runs never include this recording pass.
 */
export async function recordCatalogStatements(driver: BenchDriver, ds: DataSource): Promise<CatalogStatement[]> {
  const connection = await borrowRawConnection(driver, ds);
  const statements: CatalogStatement[] = [];
  const recorder: Queryable = {
    query(sql, params) {
      statements.push(params === undefined ? { sql } : { sql, params });
      return connection.query(sql, params);
    },
  };
  try {
    const introspect = driver === 'postgres' ? introspectPostgres : introspectSqlite;
    await introspect(recorder, { schemas: [], timeoutMs: 60_000 });
  } finally {
    connection.release();
  }
  return statements;
}

/** Replays the recorded statements on `ds`'s raw connection; resolves with the number of rows read. */
export async function runFloor(driver: BenchDriver, ds: DataSource, statements: CatalogStatement[]): Promise<number> {
  const connection = await borrowRawConnection(driver, ds);
  let rows = 0;
  try {
    for (const statement of statements) rows += (await connection.query(statement.sql, statement.params)).length;
  } finally {
    connection.release();
  }
  return rows;
}

async function borrowRawConnection(driver: BenchDriver, ds: DataSource): Promise<RawConnection> {
  const typeormDriver = ds.driver as unknown as { master?: Pool; databaseConnection?: unknown };
  if (driver === 'postgres') {
    const client: PoolClient = await (typeormDriver.master as Pool).connect();
    return {
      query: async (sql, params) => {
        const result = await client.query(sql, params);
        // A multi-statement simple query resolves with one result per statement.
        return Array.isArray(result) ? [] : (result.rows as Record<string, unknown>[]);
      },
      release: () => client.release(),
    };
  }
  if (driver === 'better-sqlite3') {
    const db = typeormDriver.databaseConnection as import('better-sqlite3').Database;
    return {
      query: async (sql, params = []) => {
        const statement = db.prepare(sql);
        return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
      },
      release: () => undefined,
    };
  }
  const db = typeormDriver.databaseConnection as {
    all(sql: string, params: unknown[], callback: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  };
  return {
    query: (sql, params = []) =>
      new Promise((resolve, reject) => db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows ?? [])))),
    release: () => undefined,
  };
}
