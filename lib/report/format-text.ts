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
  const fixes = sortFindings(report.findings).filter((finding) => finding.fix);
  if (fixes.length) {
    lines.push('', '-- Suggested SQL (review before running; never run by typeorm-schema-guard):');
    for (const finding of fixes) lines.push(...fixLines(finding));
  }
  return lines.join('\n');
}
