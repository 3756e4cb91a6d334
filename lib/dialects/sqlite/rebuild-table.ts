/**
 * PLACEHOLDER (the lead merges the real generator over this file): SQLite's documented table
 * rebuild (https://www.sqlite.org/lang_altertable.html#otheralter). Until then it says what to do
 * in a note and produces no statement.
 */
import type { ExpectedTable } from '../../model/expected';
import type { TableModel } from '../../model/schema';

/** Options of {@link rebuildSqliteTable}. */
export interface RebuildSqliteTableOptions {
  /** Unused by the placeholder. */
  [option: string]: unknown;
}

/** Statements that rebuild `actual` into `expected`, keeping its rows; empty in this placeholder. */
export function rebuildSqliteTable(
  expected: ExpectedTable,
  actual: TableModel,
  options: RebuildSqliteTableOptions = {},
): { sql: string[]; reverse: string[]; notes: string[] } {
  void options;
  return {
    sql: [],
    reverse: [],
    notes: [`SQLite cannot alter ${actual.name} in place: rebuild the table (https://www.sqlite.org/lang_altertable.html#otheralter) so that it matches the ${expected.entity} entity`],
  };
}
