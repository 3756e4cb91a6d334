/**
 * Findings as GitHub Actions workflow commands (`::error title=…::message`), so each one shows as
 * an annotation on the run. Pure. https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Finding, SchemaReport } from '../model/finding';
import { sortFindings } from '../model/sort-findings';
import { countFindings } from './format-diff';
import { escapeForText, fixLines } from './format-text';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** One annotation per finding (error, warning, notice), then a summary line. */
export function formatReportGithub(report: SchemaReport): string {
  const lines = sortFindings(report.findings).map((finding) => {
    const title = escapeProperty(`schema drift: ${finding.code}`);
    return `::${COMMAND[finding.severity]} title=${title}::${escapeData(describe(finding))}`;
  });
  lines.push(
    `typeorm-schema-guard (${report.dialect}): ${report.ok ? 'OK' : 'DRIFT'} — ${countFindings(report.findings)}; ` +
      `${report.stats.tables} tables, ${report.stats.columns} columns checked`,
  );
  return `${lines.join('\n')}\n`;
}

function describe(finding: Finding): string {
  const where = finding.column ? `${finding.table}.${finding.column}` : finding.table;
  const parts = [`${escapeForText(where)}: ${escapeForText(finding.message)}`];
  if (finding.fix) parts.push(`fix: ${fixLines(finding).join('\n')}`);
  return parts.join('\n');
}

// Control characters were escaped already; these are the runner's own encodings.
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
