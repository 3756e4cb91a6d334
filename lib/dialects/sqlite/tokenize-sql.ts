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
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x80 && isUnicodeSpace(c))) {
      i++;
    } else if (c === 0x2d /* - */ && sql.charCodeAt(i + 1) === 0x2d) {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === 0x2f /* / */ && sql.charCodeAt(i + 1) === 0x2a /* * */) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === 0x27 /* ' */ || c === 0x22 /* " */ || c === 0x60 /* ` */) {
      const end = readDelimited(sql, i, c === 0x27 ? "'" : c === 0x22 ? '"' : '`');
      const text = sql.slice(i, end);
      tokens.push({ kind: c === 0x27 ? 'string' : 'quoted', text, value: delimitedValue, start: i, end });
      i = end;
    } else if (c === 0x5b /* [ */) {
      const close = sql.indexOf(']', i + 1);
      const end = close < 0 ? n : close + 1;
      tokens.push({ kind: 'quoted', text: sql.slice(i, end), value: sql.slice(i + 1, close < 0 ? n : close), start: i, end });
      i = end;
    } else if ((c === 0x78 || c === 0x58) /* x X */ && sql.charCodeAt(i + 1) === 0x27) {
      const end = readDelimited(sql, i + 1, "'");
      const text = sql.slice(i, end);
      tokens.push({ kind: 'blob', text, value: text, start: i, end });
      i = end;
    } else if (isDigit(c) || (c === 0x2e /* . */ && isDigit(sql.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const end = NUMBER.test(sql) ? NUMBER.lastIndex : i + 1;
      const text = sql.slice(i, end);
      tokens.push({ kind: 'number', text, value: text, start: i, end });
      i = end;
    } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80) {
      let end = i + 1;
      while (end < n && isWordPart(sql.charCodeAt(end))) end++;
      const text = sql.slice(i, end);
      tokens.push({ kind: 'word', text, value: text, start: i, end });
      i = end;
    } else {
      const text = sql[i];
      tokens.push({ kind: 'punct', text, value: text, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `[A-Za-z0-9_$\u0080-\uffff]`, the characters that continue a word. */
function isWordPart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c >= 0x80;
}

/** The non-ASCII characters JavaScript's `\s` matches. */
function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
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
  if (token === undefined || token.kind !== 'word') return false;
  // An ASCII first letter upper-cases to itself or its capital alone: when that differs, so do the words.
  const first = token.text.charCodeAt(0);
  if (first < 0x80 && (first >= 0x61 && first <= 0x7a ? first - 0x20 : first) !== keyword.charCodeAt(0)) return false;
  return token.text.toUpperCase() === keyword;
}

/** The content of the literal last read by {@link readDelimited}: quotes removed, doubled quotes undone. */
let delimitedValue = '';

/** Offset just past the literal opening with `quote` at `start`; sets {@link delimitedValue}. */
function readDelimited(sql: string, start: number, quote: string): number {
  let from = start + 1;
  let value = '';
  for (;;) {
    const at = sql.indexOf(quote, from);
    if (at < 0) {
      delimitedValue = value + sql.slice(from);
      return sql.length;
    }
    // A doubled quote is an escaped quote, in identifiers as in strings.
    if (sql[at + 1] === quote) {
      value += sql.slice(from, at + 1);
      from = at + 2;
      continue;
    }
    delimitedValue = value + sql.slice(from, at);
    return at + 1;
  }
}

const NUMBER = /0[xX][0-9a-fA-F]+|(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/y;
