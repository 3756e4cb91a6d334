/** The report as JSON for machines. Pure. JSON escapes control characters in names by itself. */
import type { SchemaReport } from '../model/finding';

/**
 * The report, pretty-printed, with a trailing newline. The plan's steps name their findings by
 * index into `findings` rather than repeating them.
 */
export function formatReportJson(report: SchemaReport): string {
  const { plan, ...rest } = report;
  if (!plan) return `${JSON.stringify(rest, null, 2)}\n`;
  const indexOf = (finding: object) => report.findings.indexOf(finding as SchemaReport['findings'][number]);
  const json = {
    ...rest,
    plan: {
      dialect: plan.dialect,
      header: plan.header,
      steps: plan.steps.map(({ findings, ...step }) => ({ findings: findings.map(indexOf), ...step })),
      unplanned: plan.unplanned.map(({ finding, reason }) => ({ finding: indexOf(finding), reason })),
    },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
