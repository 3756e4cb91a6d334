/**
 * The report as Markdown for a pull-request comment: a verdict, a table of findings, and the fix
 * script folded in a `<details>` block. Pure.
 */
import type { SchemaReport } from '../model/finding';
import { sortFindings } from '../model/sort-findings';
import { countFindings } from './format-diff';
import { formatFixScript } from './format-sql';
import { escapeForText } from './format-text';

const ICON = { error: '🔴', warning: '🟡', info: '🔵' } as const;

/**
 * Markdown: `### ✅`/`### ❌` heading, one table row per finding, then the fix SQL.
 *
 * @example
 * await github.rest.issues.createComment({ ...context.repo, issue_number, body: formatReportMarkdown(report) });
 */
export function formatReportMarkdown(report: SchemaReport): string {
  const checked = `${report.stats.tables} tables, ${report.stats.columns} columns checked in ${report.stats.durationMs} ms`;
  if (report.findings.length === 0) {
    return `### ✅ Database schema matches the TypeORM entities (${report.dialect})\n\n${checked}; no findings.\n`;
  }
  const lines = [
    report.ok
      ? `### ⚠️ Database schema differs from the TypeORM entities (${report.dialect}), no errors`
      : `### ❌ Database schema does not match the TypeORM entities (${report.dialect})`,
    '',
    `**${countFindings(report.findings)}**; ${checked}.`,
    '',
    '| severity | table | column | code | finding |',
    '|---|---|---|---|---|',
  ];
  for (const finding of sortFindings(report.findings)) {
    const cells = [`${ICON[finding.severity]} ${finding.severity}`, cell(finding.table), cell(finding.column ?? ''), finding.code, cell(finding.message)];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (report.plan?.steps.length) {
    const script = formatFixScript(report);
    // A fence longer than any run of backticks in the script, so no name can close it early.
    const longest = Math.max(2, ...(script.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longest + 1);
    lines.push('', '<details><summary>Suggested SQL (review before running; never run by typeorm-schema-guard)</summary>', '', `${fence}sql`, script.trimEnd(), fence, '', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

/** Text safe in a table cell: control characters escaped, Markdown and HTML syntax neutralised. */
function cell(text: string): string {
  return escapeForText(text)
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
