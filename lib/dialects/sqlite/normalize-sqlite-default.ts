import type { ColumnModel } from '../../model/schema';
import { BoundedCache } from '../bounded-cache';
import { findClosingParen, tokenizeSql, type SqlToken } from './tokenize-sql';
import { typeAffinity, type TypeAffinity } from './type-affinity';

/**
 * Canonical form of a column default, so that TypeORM's `driver.normalizeDefault()` output and SQLite's
 * `dflt_value` compare equal when they store the same value. `column` gives the affinity that decides
 * whether `'0'` and `0` are the same value. Returns undefined for no default and for `NULL`.
 */
export function normalizeSqliteDefault(expression: string | undefined, column: ColumnModel): string | undefined {
  if (expression === undefined) return undefined;
  // The result depends on the column only through its affinity.
  const affinity = typeAffinity(column.type);
  return normalizedDefaults.get(`${affinity}\0${expression}`, () => normalize(expression, affinity));
}

// Defaults repeat across tables (0, CURRENT_TIMESTAMP, 'active'): tokenize each distinct one once.
const normalizedDefaults = new BoundedCache<string | undefined>(5000);

function normalize(expression: string, affinity: TypeAffinity): string | undefined {
  const tokens = stripOuterParens(tokenizeSql(expression));
  if (tokens.length === 0) return undefined;
  const text = tokens.map((t) => t.text).join('');
  const compact = canonicalTokens(tokens);
  // `DEFAULT NULL` stores the same as no default, and TypeORM writes none for `default: null`.
  if (compact === 'null') return undefined;
  const isNumericColumn = affinity === 'INTEGER' || affinity === 'REAL' || affinity === 'NUMERIC';
  // TRUE and FALSE are SQLite's spellings of 1 and 0 (3.23+); TypeORM writes booleans as 1 and 0.
  const literal = compact === 'true' ? '1' : compact === 'false' ? '0' : undefined;
  const single = tokens.length === 1 ? tokens[0] : undefined;
  // SQLite takes a double-quoted DEFAULT as a string when no column has that name.
  const isString =
    single !== undefined && (single.kind === 'string' || (single.kind === 'quoted' && single.text[0] === '"'));
  const stringValue = isString ? single.value : undefined;
  const numberText = literal ?? (NUMBER_LITERAL.test(text) ? text : undefined);

  if (stringValue !== undefined) {
    // Numeric affinity converts well-formed numeric text on insert: '0' is stored as 0.
    if (isNumericColumn && NUMBER_LITERAL.test(stringValue.trim())) return canonicalNumber(stringValue.trim());
    return quoteString(stringValue);
  }
  if (numberText !== undefined) {
    // TEXT affinity stores a number as its text: 0 is stored as '0'.
    return affinity === 'TEXT' ? quoteString(numberText.replace(/^\+/, '')) : canonicalNumber(numberText);
  }
  return CURRENT_TIME_ALIASES.get(compact) ?? compact;
}

function canonicalNumber(text: string): string {
  // Integers beyond 2^53 must keep their digits.
  if (/^[+-]?\d+$/.test(text)) return BigInt(text).toString();
  return String(Number(text));
}

function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Lower-cased outside string literals, identifier quotes removed, whitespace only between words. */
function canonicalTokens(tokens: SqlToken[]): string {
  let out = '';
  let previous: SqlToken | undefined;
  for (const t of tokens) {
    if (previous && isWordLike(t) && isWordLike(previous)) out += ' ';
    if (t.kind === 'string') out += t.text;
    else if (t.kind === 'quoted') out += t.value.toLowerCase();
    else out += t.text.toLowerCase();
    previous = t;
  }
  return out;
}

function isWordLike(token: SqlToken): boolean {
  return token.kind === 'word' || token.kind === 'number' || token.kind === 'quoted';
}

function stripOuterParens(tokens: SqlToken[]): SqlToken[] {
  let result = tokens;
  while (result.length >= 2 && result[0].text === '(' && findClosingParen(result, 0) === result.length - 1) {
    result = result.slice(1, -1);
  }
  return result;
}

const NUMBER_LITERAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

// These pairs produce the same text: CURRENT_TIMESTAMP is 'YYYY-MM-DD HH:MM:SS' in UTC, as datetime('now').
// https://www.sqlite.org/lang_createtable.html#the_default_clause
const CURRENT_TIME_ALIASES = new Map([
  ["datetime('now')", 'current_timestamp'],
  ["strftime('%Y-%m-%d %H:%M:%S','now')", 'current_timestamp'],
  ["date('now')", 'current_date'],
  ["time('now')", 'current_time'],
]);
