/**
 * The drift variant: breaks about 1% of the generated tables (at least one of each kind) on a copy
 * of the synchronised database, with raw SQL outside TypeORM, the way drift happens in production.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { FindingCode } from '../lib';
import { describeTable } from './generate-entities';

/** One kind of drift, and the finding code the guard must report for it. */
export type DriftKind = 'missing_column' | 'nullability' | 'dropped_index' | 'fk_action';

export const EXPECTED_CODE: Record<DriftKind, FindingCode> = {
  missing_column: 'missing_column',
  nullability: 'nullability_mismatch',
  dropped_index: 'missing_index',
  fk_action: 'foreign_key_mismatch',
};

/** One broken table. */
export interface BrokenTable {
  table: string;
  kind: DriftKind;
}

const KINDS: DriftKind[] = ['missing_column', 'nullability', 'dropped_index', 'fk_action'];

/** Which tables to break for `size` entities: 1% of them, at least one per kind, spread evenly. */
export function planDrift(size: number): BrokenTable[] {
  const count = Math.min(size, Math.max(KINDS.length, Math.round(size / 100)));
  const step = size / count;
  return Array.from({ length: count }, (_, i) => ({
    table: describeTable(Math.floor(i * step + step / 2)).table,
    kind: KINDS[i % KINDS.length],
  }));
}

/** Applies `plan` to the PostgreSQL database at `url`. */
export async function breakPostgres(url: string, plan: BrokenTable[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const broken of plan) await client.query(postgresDrift(broken));
  } finally {
    await client.end();
  }
}

function postgresDrift({ table, kind }: BrokenTable): string {
  const names = describeTable(Number(table.slice('bench_'.length)));
  switch (kind) {
    case 'missing_column':
      return `ALTER TABLE "${table}" DROP COLUMN "price"`;
    case 'nullability':
      return `ALTER TABLE "${table}" ALTER COLUMN "quantity" DROP NOT NULL`;
    case 'dropped_index':
      return `DROP INDEX "${names.nameIndex}"`;
    case 'fk_action':
      return (
        `ALTER TABLE "${table}" DROP CONSTRAINT "${names.foreignKey}"; ` +
        `ALTER TABLE "${table}" ADD CONSTRAINT "${names.foreignKey}" FOREIGN KEY ("parent_id") ` +
        `REFERENCES "${names.parentTable}" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION`
      );
  }
}

/** Applies `plan` to the SQLite file `file`. */
export function breakSqlite(file: string, plan: BrokenTable[]): void {
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = OFF');
    for (const { table, kind } of plan) {
      const names = describeTable(Number(table.slice('bench_'.length)));
      if (kind === 'missing_column') db.exec(`ALTER TABLE "${table}" DROP COLUMN "price"`);
      else if (kind === 'dropped_index') db.exec(`DROP INDEX "${names.nameIndex}"`);
      // SQLite cannot alter a column's nullability or a foreign key: rebuild the table with edited DDL.
      else if (kind === 'nullability') rebuildSqliteTable(db, table, /("quantity" integer) NOT NULL/i, '$1');
      else rebuildSqliteTable(db, table, /ON DELETE CASCADE/i, 'ON DELETE NO ACTION');
    }
  } finally {
    db.close();
  }
}

/** The documented 12-step table rebuild (https://www.sqlite.org/lang_altertable.html#otheralter), with an edited CREATE TABLE. */
function rebuildSqliteTable(db: Database.Database, table: string, pattern: RegExp, replacement: string): void {
  const { sql } = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) as { sql: string };
  const edited = sql.replace(pattern, replacement);
  if (edited === sql) throw new Error(`bench: ${pattern} not found in the DDL of ${table}: ${sql}`);
  const indexes = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
    .all(table) as { sql: string }[];
  const temporary = `rebuild_${table}`;
  db.transaction(() => {
    db.exec(edited.replace(`CREATE TABLE "${table}"`, `CREATE TABLE "${temporary}"`));
    db.exec(`INSERT INTO "${temporary}" SELECT * FROM "${table}"`);
    db.exec(`DROP TABLE "${table}"`);
    db.exec(`ALTER TABLE "${temporary}" RENAME TO "${table}"`);
    for (const index of indexes) db.exec(index.sql);
  })();
}
