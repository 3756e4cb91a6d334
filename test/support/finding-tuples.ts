/** Findings reduced to what a test asserts exactly: `severity code table[.column]`, sorted. */
import type { Finding } from '../../lib';

export function findingTuples(findings: Finding[], minimum: 'error' | 'warning' | 'info' = 'info'): string[] {
  const rank = { error: 0, warning: 1, info: 2 };
  return findings
    .filter((finding) => rank[finding.severity] <= rank[minimum])
    .map((finding) => `${finding.severity} ${finding.code} ${finding.table}${finding.column ? `.${finding.column}` : ''}`)
    .sort();
}
