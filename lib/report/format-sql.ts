/**
 * The fix SQL of all findings as one ordered script: tables, then columns (with backfill notes),
 * then changes to existing columns, then keys, then indexes and checks. Printed, never run. Pure.
 */
import type { Finding, FindingCode, SchemaReport } from '../model/finding';
import { hasHostileNames } from './format-text';
import { escapeForText } from './format-text';

/** The order in which fixes must run: a column needs its table, a key or index needs its columns. */
const STEP_OF: Record<FindingCode, number> = {
  missing_table: 0,
  missing_view: 0,
  missing_column: 1,
  type_mismatch: 2,
  enum_mismatch: 2,
  nullability_mismatch: 2,
  default_mismatch: 2,
  generated_mismatch: 2,
  unexpected_column: 2,
  primary_key_mismatch: 3,
  foreign_key_type_mismatch: 3,
  missing_foreign_key: 3,
  foreign_key_mismatch: 3,
  missing_unique: 4,
  missing_index: 4,
  missing_check: 4,
  invalid_index: 4,
  insufficient_privilege: 5,
  unexpected_table: 5,
};
const STEP_TITLES = ['tables', 'columns', 'changes to existing columns', 'keys', 'indexes and checks', 'privileges'];

/**
 * One piece of a fix: a statement to run (without its `;`), or a comment (without its `--`);
 * `isTrailing` when the comment followed a statement on the same line, and is about it.
 */
export type SqlPart = { kind: 'statement'; sql: string } | { kind: 'comment'; text: string; isTrailing: boolean };

/** A finding's fix, split into statements and comments, in the order the script runs them. */
export interface FixStep {
  finding: Finding;
  /** Empty when the fix cannot be run as written (a name holds control characters). */
  parts: SqlPart[];
  /** Comments to put before the statements (why, backfill, what was held back). */
  notes: string[];
}

/**
 * Splits SQL into statements and `--` comments, honouring quoted strings and identifiers (a `;`
 * or `--` inside quotes is part of the name).
 */
export function splitSql(sql: string): SqlPart[] {
  const parts: SqlPart[] = [];
  let current = '';
  let isSameLine = false;
  const flush = () => {
    if (current.trim()) parts.push({ kind: 'statement', sql: current.trim() });
    current = '';
    isSameLine = true;
  };
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      let end = i + 1;
      while (end < sql.length && !(sql[end] === ch && sql[end + 1] !== ch)) end += sql[end] === ch ? 2 : 1;
      current += sql.slice(i, end + 1);
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const text = sql.slice(i + 2, end === -1 ? sql.length : end).trim();
      const isTrailing = isSameLine && !current.trim() && parts[parts.length - 1]?.kind === 'statement';
      if (text) parts.push({ kind: 'comment', text, isTrailing });
      i = end === -1 ? sql.length : end;
      isSameLine = false;
    } else if (ch === ';') {
      flush();
    } else {
      if (ch === '\n') isSameLine = false;
      current += ch;
    }
  }
  flush();
  return parts;
}

/** The report's fixes in the order they must run, each split and annotated. */
export function planFixes(report: SchemaReport): FixStep[] {
  return report.findings
    .filter((finding) => finding.fix)
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => STEP_OF[a.finding.code] - STEP_OF[b.finding.code] || a.index - b.index)
    .map(({ finding }) => planFix(finding, report.dialect));
}

function planFix(finding: Finding, dialect: SchemaReport['dialect']): FixStep {
  if (hasHostileNames(finding)) {
    return { finding, parts: [], notes: [`not runnable as written (a name holds control characters); review by hand: ${escapeForText(finding.fix ?? '')}`] };
  }
  const parts = splitSql(finding.fix ?? '');
  const notes: string[] = [];
  const first = parts[0];
  if (finding.code === 'missing_column' && first?.kind === 'statement' && /\bNOT\s+NULL\s*$/i.test(first.sql) && !/\bDEFAULT\b/i.test(first.sql)) {
    notes.push(...backfillNote(first.sql, dialect));
    // The core's own hint says the same as the note; one of them is enough.
    const rest = parts.filter((part) => !(part.kind === 'comment' && /NOT NULL without a default/i.test(part.text)));
    if (dialect !== 'sqlite') return { finding, parts: rest, notes };
    // SQLite rejects this statement on every table: a script that always fails at it helps no one.
    return { finding, parts: [{ kind: 'comment', text: `TODO, held back: ${first.sql};`, isTrailing: false }, ...rest.slice(1)], notes };
  }
  return { finding, parts, notes };
}

function backfillNote(addColumn: string, dialect: SchemaReport['dialect']): string[] {
  const match = /^ALTER TABLE\s+(.+?)\s+ADD COLUMN\s+((?:"(?:[^"]|"")*"|\S+))\s+([\s\S]+?)\s+NOT\s+NULL$/i.exec(addColumn);
  if (dialect === 'sqlite') {
    return [
      'backfill: SQLite refuses ADD COLUMN ... NOT NULL without a DEFAULT, even on an empty table, so the statement is held back.',
      '  Add the column with a DEFAULT and backfill it, or rebuild the table with it (https://www.sqlite.org/lang_altertable.html#otheralter).',
    ];
  }
  if (!match) return ['backfill: a NOT NULL column without a default cannot be added to a table that has rows; add it nullable, backfill, then SET NOT NULL.'];
  const [, table, column, type] = match;
  return [
    'backfill: NOT NULL without a default fails on a table that has rows. If it has rows, run instead:',
    `  ALTER TABLE ${table} ADD COLUMN ${column} ${type};`,
    `  UPDATE ${table} SET ${column} = <value> WHERE ${column} IS NULL; -- e.g. copied from the parent row`,
    `  ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`,
  ];
}

/**
 * The fix SQL of every finding as one script, in the order it must run.
 *
 * @example
 * writeFileSync('fix.sql', formatFixScript(report));
 */
export function formatFixScript(report: SchemaReport): string {
  const steps = planFixes(report);
  const statements = steps.reduce((n, step) => n + step.parts.filter((part) => part.kind === 'statement').length, 0);
  const lines = [
    `-- Fix SQL for ${report.dialect}, generated by typeorm-schema-guard: ${statements} statement(s) for ${steps.length} finding(s).`,
    '-- Review before running: typeorm-schema-guard never runs it. Order: tables, columns, column changes, keys, indexes and checks.',
  ];
  if (steps.length === 0) lines.push('-- Nothing to fix: no finding carries fix SQL.');
  let step = -1;
  for (const { finding, parts, notes } of steps) {
    if (STEP_OF[finding.code] !== step) {
      step = STEP_OF[finding.code];
      lines.push('', `-- == ${STEP_TITLES[step]} ==`);
    }
    lines.push('', `-- ${finding.severity} ${finding.code} ${escapeForText(finding.column ? `${finding.table}.${finding.column}` : finding.table)}: ${escapeForText(finding.message)}`);
    for (const note of notes) lines.push(`-- ${note}`);
    for (const part of parts) {
      if (part.kind === 'statement') lines.push(`${part.sql};`);
      else if (part.isTrailing) lines[lines.length - 1] += ` -- ${part.text}`;
      else lines.push(`-- ${part.text}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
