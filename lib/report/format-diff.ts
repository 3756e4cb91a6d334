/**
 * Findings as a diff a person can act on (`-` what the entities declare, `+` what the database
 * has, then the fix), for assertion messages. Pure.
 */
import { SchemaGuardConfigError } from '../errors';
import type { Finding, SchemaReport, Severity } from '../model/finding';
import { SEVERITY_RANK, sortFindings } from '../model/sort-findings';
import { escapeForText, fixLines } from './format-text';

/** The least severe finding that counts as a failure. */
export type FailOn = Severity;

/** Throws `SchemaGuardConfigError` unless `failOn` is a severity: a typo must not pass every check. */
export function assertFailOn(failOn: unknown): asserts failOn is FailOn {
  if (typeof failOn !== 'string' || !Object.hasOwn(SEVERITY_RANK, failOn)) {
    throw new SchemaGuardConfigError(`options.failOn must be 'error', 'warning' or 'info' (got ${JSON.stringify(failOn)})`, { option: 'failOn' });
  }
}

/** The findings whose severity is at or above `failOn`, most severe first. */
export function findingsAtOrAbove(findings: Finding[], failOn: FailOn): Finding[] {
  assertFailOn(failOn);
  return sortFindings(findings.filter((finding) => SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[failOn]));
}

/** `3 errors, 1 warning`: counts of the given findings by severity, zeros left out. */
export function countFindings(findings: Finding[]): string {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  const parts = (['error', 'warning', 'info'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity === 'info' ? 'info' : severity + (counts[severity] === 1 ? '' : 's')}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/**
 * The failing findings of a report, grouped by table, each with its message, a `-`/`+` pair for
 * the declared and actual shape, and the fix. Control characters in names are escaped.
 *
 * @example
 * formatFindingsDiff(report, report.findings.filter((finding) => finding.severity === 'error'));
 */
export function formatFindingsDiff(report: SchemaReport, failing: Finding[]): string {
  const lines = [`(- the entities declare, + the database has; ${report.dialect})`];
  const byTable = new Map<string, Finding[]>();
  for (const finding of sortFindings(failing)) byTable.set(finding.table, [...(byTable.get(finding.table) ?? []), finding]);
  for (const [table, findings] of byTable) {
    lines.push('', `  ${escapeForText(table)}`);
    for (const finding of findings) {
      const where = [finding.column, finding.entity && `(${finding.entity})`].filter(Boolean).join(' ');
      lines.push(`    ${finding.severity} ${finding.code}${where ? ` ${escapeForText(where)}` : ''}`);
      lines.push(`      ${escapeForText(finding.message)}`);
      if (finding.expected !== undefined || finding.actual !== undefined) {
        lines.push(`      - ${escapeForText(finding.expected ?? '(not declared)')}`);
        lines.push(`      + ${escapeForText(finding.actual ?? '(absent)')}`);
      }
      if (finding.fix) {
        const [first, ...rest] = fixLines(finding);
        lines.push(`      fix: ${first}`, ...rest.map((line) => `           ${line}`));
      }
    }
  }
  return lines.join('\n');
}
