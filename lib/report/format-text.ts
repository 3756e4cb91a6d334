/** Pure formatters of findings as text for people: grouped by table, most severe first. */
import type { Finding, SchemaReport } from '../model/finding';
import { sortFindings } from '../model/sort-findings';

/** Control characters (newlines, ANSI escapes) in names must not forge lines or colours in a log. */
export function escapeForText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/**
 * True when a name of the finding holds a control character: its fix SQL then embeds that name,
 * and a newline inside it would read as a line break, so the fix is shown escaped on one line.
 */
export function hasHostileNames(finding: Finding): boolean {
  const names = [finding.table, finding.column, finding.entity, finding.relation, finding.expected, finding.actual];
  return names.some((name) => name !== undefined && CONTROL.test(name)) || (finding.fix !== undefined && CONTROL_BUT_NEWLINE.test(finding.fix));
}

/** The fix SQL as display lines: one per line of SQL, or one escaped line when a name is hostile. */
export function fixLines(finding: Finding): string[] {
  if (!finding.fix) return [];
  return hasHostileNames(finding) ? [escapeForText(finding.fix)] : finding.fix.split('\n').map(escapeForText);
}

/** One line per finding: `  error   missing_column  tasks.user_id  message`. */
export function formatFindingsText(findings: Finding[]): string {
  return sortFindings(findings)
    .map((finding) => {
      const where = finding.column ? `${finding.table}.${finding.column}` : finding.table;
      return `  ${finding.severity.padEnd(7)} ${finding.code.padEnd(24)} ${escapeForText(where)}: ${escapeForText(finding.message)}`;
    })
    .join('\n');
}

/** A whole report for a terminal: a summary line, the findings grouped by table, and the fix SQL. */
export function formatReportText(report: SchemaReport): string {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of report.findings) counts[finding.severity]++;
  const lines = [
    `typeorm-schema-guard (${report.dialect}): ${report.ok ? 'OK' : 'DRIFT'} — ` +
      `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info; ` +
      `${report.stats.tables} tables, ${report.stats.columns} columns checked in ${report.stats.durationMs} ms with ${report.stats.queries} ${report.stats.queries === 1 ? 'query' : 'queries'}`,
  ];
  const byTable = new Map<string, Finding[]>();
  for (const finding of sortFindings(report.findings)) {
    const list = byTable.get(finding.table) ?? [];
    list.push(finding);
    byTable.set(finding.table, list);
  }
  for (const [table, findings] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push('', `${escapeForText(table)}`);
    for (const finding of findings) {
      const column = finding.column ? `${escapeForText(finding.column)}: ` : '';
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.code.padEnd(24)} ${column}${escapeForText(finding.message)}`);
    }
  }
  const steps = report.plan?.steps ?? [];
  if (steps.length) {
    lines.push('', '-- Suggested SQL (review before running; never run by typeorm-schema-guard):');
    for (const statement of report.plan?.header ?? []) lines.push(`${escapeForText(statement)};`);
    for (const step of steps) {
      if (step.hazards.length) lines.push(`-- hazards: ${step.hazards.join(', ')}`);
      for (const note of step.notes) lines.push(`-- ${escapeForText(note)}`);
      for (const statement of step.sql) lines.push(...sqlLines(statement));
    }
  }
  return lines.join('\n');
}

/** A statement as display lines: one per line of SQL, or one escaped line when a name in it is hostile. */
function sqlLines(statement: string): string[] {
  return CONTROL_BUT_NEWLINE.test(statement) ? [escapeForText(`${statement};`)] : `${statement};`.split('\n').map(escapeForText);
}
