/**
 * Breaks an SQLite table the way a hand-written migration does: its `CREATE TABLE` parts edited, the
 * table rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter), the rows copied and the
 * indexes created again (those over a removed column are not). The same edits as the round-trip suite.
 */
import type { TestDatabase } from './databases';

/** Splits the body of a CREATE TABLE at its top-level commas (outside parentheses and quotes). */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Rebuilds `table` with the column and constraint definitions `edit` returns. */
export function editSqliteTable(table: string, edit: (parts: string[]) => string[]): (db: TestDatabase) => Promise<void> {
  return async (db) => {
    const [row] = await db.rows<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '${table}'`);
    if (!row) throw new Error(`no table ${table}`);
    const indexes = await db.rows<{ sql: string }>(
      `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL`,
    );
    const open = row.sql.indexOf('(');
    const parts = splitTopLevel(row.sql.slice(open + 1, row.sql.lastIndexOf(')')));
    const edited = edit(parts);
    if (edited.join() === parts.join()) throw new Error(`the edit of ${table} changed nothing: ${row.sql}`);
    const tmp = `${table}__rebuild`;
    await db.exec(`CREATE TABLE "${tmp}" (${edited.join(', ')})`);
    const columnsOf = async (name: string) => (await db.rows<{ name: string }>(`SELECT name FROM pragma_table_info('${name}')`)).map((c) => c.name);
    const newColumns = new Set(await columnsOf(tmp));
    const common = (await columnsOf(table)).filter((c) => newColumns.has(c)).map((c) => `"${c}"`).join(', ');
    await db.exec(`PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON;
      BEGIN;
      INSERT INTO "${tmp}" (${common}) SELECT ${common} FROM "${table}";
      DROP TABLE "${table}";
      ALTER TABLE "${tmp}" RENAME TO "${table}";
      COMMIT;
      PRAGMA legacy_alter_table = OFF;`);
    for (const index of indexes) {
      try {
        await db.exec(index.sql);
      } catch (error) {
        if (!/no such column/i.test(String(error))) throw error;
      }
    }
  };
}

/** Removes the parts that mention `needle` (a column and the constraints over it). */
export const without = (needle: string) => (parts: string[]) => parts.filter((part) => !part.includes(needle));
/** Replaces text in the parts that start with `prefix`. */
export const replaceIn = (prefix: string, from: string | RegExp, to: string) => (parts: string[]) =>
  parts.map((part) => (part.startsWith(prefix) ? part.replace(from, to) : part));
