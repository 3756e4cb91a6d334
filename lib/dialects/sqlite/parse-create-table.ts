import type { CheckModel } from '../../model/schema';
import {
  findClosingParen,
  identifierName,
  isKeyword,
  splitOnTopLevelCommas,
  tokenizeSql,
  type SqlToken,
} from './tokenize-sql';

/** A named UNIQUE or FOREIGN KEY constraint found in the DDL, to name what the pragmas return unnamed. */
export interface NamedConstraint {
  name: string;
  columns: string[];
}

/** What only the `CREATE TABLE` text in `sqlite_master.sql` tells: no pragma reports these. */
export interface ParsedCreateTable {
  /** Table- and column-level CHECK constraints, in the order they are written. */
  checks: CheckModel[];
  /** Generation expressions of computed columns, keyed by lower-cased column name. */
  generationExpressions: Map<string, string>;
  /** Lower-cased names of columns declared AUTOINCREMENT. */
  autoincrementColumns: Set<string>;
  /** Named UNIQUE constraints (table- and column-level). */
  uniqueConstraints: NamedConstraint[];
  /** Named FOREIGN KEY constraints (table- and column-level). */
  foreignKeyConstraints: NamedConstraint[];
  isWithoutRowid: boolean;
  isStrict: boolean;
}

/**
 * Reads CHECK constraints, generation expressions, AUTOINCREMENT, constraint names and table options
 * from a `CREATE TABLE` statement. Tolerant: what it cannot parse (e.g. `CREATE TABLE ... AS SELECT`)
 * yields empty results rather than an error.
 */
export function parseCreateTable(sql: string | undefined): ParsedCreateTable {
  const parsed: ParsedCreateTable = {
    checks: [],
    generationExpressions: new Map(),
    autoincrementColumns: new Set(),
    uniqueConstraints: [],
    foreignKeyConstraints: [],
    isWithoutRowid: false,
    isStrict: false,
  };
  if (!sql) return parsed;
  const tokens = tokenizeSql(sql);
  const open = tokens.findIndex((t) => t.kind === 'punct' && t.text === '(');
  if (open < 0 || tokens.slice(0, open).some((t) => isKeyword(t, 'AS'))) return parsed;
  const close = findClosingParen(tokens, open);
  if (close < 0) return parsed;

  for (const definition of splitOnTopLevelCommas(tokens, open + 1, close)) {
    if (definition.length === 0) continue;
    if (TABLE_CONSTRAINT_START.has(definition[0].text.toUpperCase()) && definition[0].kind === 'word') {
      readTableConstraint(sql, definition, parsed);
    } else {
      readColumnDefinition(sql, definition, parsed);
    }
  }

  const options = tokens.slice(close + 1).map((t) => t.text.toUpperCase());
  parsed.isStrict = options.includes('STRICT');
  parsed.isWithoutRowid = options.some((word, i) => word === 'WITHOUT' && options[i + 1] === 'ROWID');
  return parsed;
}

/** The text between the parentheses of the group opening at `tokens[open]`, as written. */
function textInParens(sql: string, tokens: SqlToken[], open: number): string | undefined {
  if (tokens[open]?.kind !== 'punct' || tokens[open].text !== '(') return undefined;
  const close = findClosingParen(tokens, open);
  if (close < 0) return undefined;
  return sql.slice(tokens[open].end, tokens[close].start).trim();
}

function readTableConstraint(sql: string, tokens: SqlToken[], parsed: ParsedCreateTable): void {
  let i = 0;
  let name: string | undefined;
  if (isKeyword(tokens[0], 'CONSTRAINT') && tokens[1]) {
    name = identifierName(tokens[1]);
    i = 2;
  }
  if (isKeyword(tokens[i], 'CHECK')) {
    const expression = textInParens(sql, tokens, i + 1);
    if (expression !== undefined) parsed.checks.push(name === undefined ? { expression } : { name, expression });
  } else if (name !== undefined && isKeyword(tokens[i], 'UNIQUE')) {
    parsed.uniqueConstraints.push({ name, columns: columnList(tokens, i + 1) });
  } else if (name !== undefined && isKeyword(tokens[i], 'FOREIGN') && isKeyword(tokens[i + 1], 'KEY')) {
    parsed.foreignKeyConstraints.push({ name, columns: columnList(tokens, i + 2) });
  }
}

function readColumnDefinition(sql: string, tokens: SqlToken[], parsed: ParsedCreateTable): void {
  const column = identifierName(tokens[0]);
  let pendingName: string | undefined;
  let depth = 0;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    // Words inside parentheses belong to a type modifier or a DEFAULT expression, not to the column's constraints.
    if (depth > 0 || t.kind !== 'word') continue;
    // Most words here are type names and NOT NULL: skip those that cannot be a keyword looked at below
    // without upper-casing them (an ASCII first letter upper-cases to itself or its capital alone).
    const first = t.text.charCodeAt(0);
    if (first < 0x80 && !COLUMN_KEYWORD_INITIALS.has(first >= 0x61 && first <= 0x7a ? first - 0x20 : first)) continue;
    const word = t.text.toUpperCase();
    if (word === 'CONSTRAINT' && tokens[i + 1]) {
      pendingName = identifierName(tokens[i + 1]);
      i++;
      continue;
    }
    if (word === 'CHECK') {
      const expression = textInParens(sql, tokens, i + 1);
      if (expression !== undefined) {
        parsed.checks.push(pendingName === undefined ? { expression } : { name: pendingName, expression });
      }
    } else if (word === 'AS') {
      const expression = textInParens(sql, tokens, i + 1);
      if (expression !== undefined) parsed.generationExpressions.set(column.toLowerCase(), expression);
    } else if (word === 'AUTOINCREMENT') {
      parsed.autoincrementColumns.add(column.toLowerCase());
    } else if (word === 'UNIQUE' && pendingName !== undefined) {
      parsed.uniqueConstraints.push({ name: pendingName, columns: [column] });
    } else if (word === 'REFERENCES' && pendingName !== undefined) {
      parsed.foreignKeyConstraints.push({ name: pendingName, columns: [column] });
    }
    if (COLUMN_CONSTRAINT_START.has(word)) pendingName = undefined;
  }
}

/** Column names of the parenthesised list at `tokens[open]`, ignoring COLLATE / ASC / DESC. */
function columnList(tokens: SqlToken[], open: number): string[] {
  const close = findClosingParen(tokens, open);
  if (close < 0) return [];
  return splitOnTopLevelCommas(tokens, open + 1, close)
    .filter((term) => term.length > 0)
    .map((term) => identifierName(term[0]));
}

/** Char codes of the first letters of every keyword {@link readColumnDefinition} acts on. */
const COLUMN_KEYWORD_INITIALS = new Set(
  ['CONSTRAINT', 'CHECK', 'AS', 'AUTOINCREMENT', 'UNIQUE', 'REFERENCES', 'PRIMARY', 'NOT', 'NULL', 'DEFAULT', 'COLLATE', 'GENERATED'].map(
    (keyword) => keyword.charCodeAt(0),
  ),
);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);
const COLUMN_CONSTRAINT_START = new Set([
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
]);
