/** What a {@link SqlToken} is, as far as schema DDL needs to know. */
export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'blob' | 'number' | 'punct';

/** One token of SQLite SQL, with its position in the source so callers can slice the original text. */
export interface SqlToken {
  kind: SqlTokenKind;
  /** The token exactly as written. */
  text: string;
  /** For `quoted` identifiers and `string` literals: the content without quotes, escapes undone; else `text`. */
  value: string;
  /** Offset of the first character in the source. */
  start: number;
  /** Offset just past the last character in the source. */
  end: number;
}

/**
 * Splits SQLite SQL into tokens, skipping whitespace and comments. String literals (`'it''s'`),
 * quoted identifiers (`"a(b"`, `` `x` ``, `[x]`) and blob literals (`x'00'`) are single tokens, so a
 * parenthesis or comma inside them never counts. Never throws: an unterminated literal runs to the end.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  const push = (kind: SqlTokenKind, start: number, end: number, value?: string) => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end });
  };
  while (i < sql.length) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const { end, value } = readDelimited(sql, i, ch);
      push(ch === "'" ? 'string' : 'quoted', i, end, value);
      i = end;
    } else if (ch === '[') {
      const close = sql.indexOf(']', i + 1);
      const end = close < 0 ? sql.length : close + 1;
      push('quoted', i, end, sql.slice(i + 1, close < 0 ? sql.length : close));
      i = end;
    } else if ((ch === 'x' || ch === 'X') && sql[i + 1] === "'") {
      const { end } = readDelimited(sql, i + 1, "'");
      push('blob', i, end);
      i = end;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = NUMBER.exec(sql.slice(i));
      const end = i + (match ? match[0].length : 1);
      push('number', i, end);
      i = end;
    } else if (WORD_START.test(ch)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end])) end++;
      push('word', i, end);
      i = end;
    } else {
      push('punct', i, i + 1);
      i++;
    }
  }
  return tokens;
}

/** The name an identifier token stands for: quotes removed and doubled quotes undone. */
export function identifierName(token: SqlToken): string {
  return token.kind === 'quoted' || token.kind === 'string' ? token.value : token.text;
}

/**
 * Index of the `)` closing the `(` at `open`, or -1 when unbalanced. Only `punct` tokens count, so
 * parentheses inside literals and quoted identifiers are ignored.
 */
export function findClosingParen(tokens: SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits `tokens[from, to)` on commas outside parentheses. */
export function splitOnTopLevelCommas(tokens: SqlToken[], from: number, to: number): SqlToken[][] {
  const parts: SqlToken[][] = [];
  let current: SqlToken[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') {
      parts.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** True when the token is the (case-insensitive) keyword. */
export function isKeyword(token: SqlToken | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === keyword;
}

function readDelimited(sql: string, start: number, quote: string): { end: number; value: string } {
  let value = '';
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      // A doubled quote is an escaped quote, in identifiers as in strings.
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { end: i + 1, value };
    }
    value += sql[i++];
  }
  return { end: sql.length, value };
}

const NUMBER = /^(0[xX][0-9a-fA-F]+|(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)/;
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
