import { BoundedCache } from '../bounded-cache';
import { tokenizeSql } from './tokenize-sql';

/**
 * Canonical form of a CHECK or partial-index expression: keywords and identifiers lower-cased and
 * unquoted, whitespace and parentheses removed, string literals kept exactly. So
 * `"status" IN ('a','b')` and `status in ('a', 'b')` compare equal, while `'A'` and `'a'` do not.
 */
export function normalizeSqliteExpression(expression: string): string {
  return normalizedExpressions.get(expression, normalize);
}

// Each CHECK and partial-index predicate is normalized on both sides of every comparison.
const normalizedExpressions = new BoundedCache<string>(5000);

function normalize(expression: string): string {
  return tokenizeSql(expression)
    .filter((t) => !(t.kind === 'punct' && (t.text === '(' || t.text === ')')))
    .map((t) => {
      // SQLite identifiers are case-insensitive, quoted or not.
      if (t.kind === 'quoted') return t.value.toLowerCase();
      if (t.kind === 'word' || t.kind === 'blob' || t.kind === 'number') return t.text.toLowerCase();
      return t.text;
    })
    .join('');
}
