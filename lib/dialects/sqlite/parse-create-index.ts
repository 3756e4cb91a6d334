import { findClosingParen, isKeyword, splitOnTopLevelCommas, tokenizeSql } from './tokenize-sql';

/** What the `CREATE INDEX` text tells beyond `pragma_index_info`. */
export interface ParsedCreateIndex {
  /** Each indexed term as written, in order, without a trailing ASC / DESC. */
  terms: string[];
  /** The partial-index predicate as written, when there is one. */
  where?: string;
}

/**
 * Reads the indexed terms and the WHERE predicate of a `CREATE INDEX` statement. Returns undefined
 * when the text is absent (automatic indexes behind UNIQUE / PRIMARY KEY have none) or unreadable.
 */
export function parseCreateIndex(sql: string | undefined): ParsedCreateIndex | undefined {
  if (!sql) return undefined;
  const tokens = tokenizeSql(sql);
  const on = tokens.findIndex((t) => isKeyword(t, 'ON'));
  const open = tokens.findIndex((t, i) => i > on && t.kind === 'punct' && t.text === '(');
  if (on < 0 || open < 0) return undefined;
  const close = findClosingParen(tokens, open);
  if (close < 0) return undefined;
  const terms = splitOnTopLevelCommas(tokens, open + 1, close).map((term) => {
    const last = term[term.length - 1];
    const kept = isKeyword(last, 'ASC') || isKeyword(last, 'DESC') ? term.slice(0, -1) : term;
    return kept.length === 0 ? '' : sql.slice(kept[0].start, kept[kept.length - 1].end);
  });
  const where = isKeyword(tokens[close + 1], 'WHERE') ? sql.slice(tokens[close + 1].end).trim() : undefined;
  return where ? { terms, where } : { terms };
}
