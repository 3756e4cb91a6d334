import type { Finding, Severity } from './finding';

/** Severities from the most to the least severe. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts findings: errors first, then by table and column; stable for equal keys. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.table.localeCompare(b.table) ||
      (a.column ?? '').localeCompare(b.column ?? ''),
  );
}
