/** The caller's policy over raw findings: severity overrides and ignores. Pure. */
import type { Finding, FindingCode, Severity } from '../model/finding';
import { sortFindings } from '../model/sort-findings';

/** The parts of the options that decide which findings are kept and how severe they are. */
export interface FindingPolicy {
  severity: Partial<Record<FindingCode, Severity | 'off'>>;
  ignore: { tables: (string | RegExp)[]; columns: (string | RegExp)[]; codes: FindingCode[]; entities?: (string | RegExp)[] };
}

/** Applies overrides and ignores, then sorts (errors first). */
export function applyPolicy(findings: Finding[], policy: FindingPolicy): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (isIgnored(finding, policy)) continue;
    const override = policy.severity[finding.code];
    if (override === 'off') continue;
    kept.push(withoutUndefined(override ? { ...finding, severity: override } : finding));
  }
  return sortFindings(kept);
}

/** The fields every finding has, in the order a reader of the JSON expects them; a code's own fields follow. */
const BASE_KEYS = ['code', 'severity', 'table', 'column', 'entity', 'relation', 'expected', 'actual', 'message', 'fix'];

/** Findings are plain JSON: a key is absent rather than present with `undefined`, and keys come in one order. */
function withoutUndefined(finding: Finding): Finding {
  const record = finding as unknown as Record<string, unknown>;
  const keys = [...BASE_KEYS, ...Object.keys(record).filter((key) => !BASE_KEYS.includes(key))];
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]])) as unknown as Finding;
}

function isIgnored(finding: Finding, policy: FindingPolicy): boolean {
  if (policy.ignore.codes.includes(finding.code)) return true;
  if (policy.ignore.tables.some((matcher) => matches(matcher, finding.table))) return true;
  if (finding.entity !== undefined && policy.ignore.entities?.some((matcher) => matches(matcher, finding.entity!))) return true;
  if (finding.column !== undefined) {
    const qualified = `${finding.table}.${finding.column}`;
    if (policy.ignore.columns.some((matcher) => matches(matcher, qualified))) return true;
  }
  return false;
}

function matches(matcher: string | RegExp, value: string): boolean {
  return typeof matcher === 'string' ? matcher === value : matcher.test(value);
}
