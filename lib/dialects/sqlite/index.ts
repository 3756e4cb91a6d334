import type { DialectAdapter } from '../dialect';
import { compareSqliteTypes } from './compare-sqlite-types';
import { fingerprintSqlite } from './fingerprint-sqlite';
import { introspectSqlite } from './introspect-sqlite';
import { normalizeSqliteDefault } from './normalize-sqlite-default';
import { normalizeSqliteExpression } from './normalize-sqlite-expression';
import { planSqliteFixes } from './plan-fixes';

/** Quotes an SQLite identifier: `"` + name with `"` doubled + `"`. */
export function quoteSqliteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The SQLite dialect: reads `main` and attached databases through `sqlite_master` and the pragma functions, compares by the values TypeORM writes. */
export const sqliteAdapter: DialectAdapter = {
  dialect: 'sqlite',
  introspect: introspectSqlite,
  fingerprint: fingerprintSqlite,
  compareTypes: compareSqliteTypes,
  normalizeDefault: normalizeSqliteDefault,
  normalizeExpression: normalizeSqliteExpression,
  quoteIdentifier: quoteSqliteIdentifier,
  fixedDefaultSchema: 'main',
  hasAttachedDatabases: true,
  hasEnumTypes: false,
  foldIdentifier: (name) => name.toLowerCase(),
  checksForeignKeyTypes: false,
  generatesUuids: false,
  trustsDriverDefaults: true,
  toStoredNames: (schema) => schema,
  planFixes: planSqliteFixes,
};

export { introspectSqlite };
