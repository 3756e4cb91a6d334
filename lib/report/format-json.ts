/** The report as JSON for machines. Pure. JSON escapes control characters in names by itself. */
import type { SchemaReport } from '../model/finding';

/** The report, pretty-printed, with a trailing newline. */
export function formatReportJson(report: SchemaReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
