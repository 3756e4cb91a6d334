/**
 * The text report with ANSI colours, for a terminal. Colours are added to the output of
 * `formatReportText`, whose names are already escaped, so no name can carry an escape sequence.
 */
import type { SchemaReport } from '../model/finding';
import { formatReportText } from './format-text';

const STYLE = {
  red: (text: string) => `\u001b[31m${text}\u001b[39m`,
  yellow: (text: string) => `\u001b[33m${text}\u001b[39m`,
  green: (text: string) => `\u001b[32m${text}\u001b[39m`,
  cyan: (text: string) => `\u001b[36m${text}\u001b[39m`,
  bold: (text: string) => `\u001b[1m${text}\u001b[22m`,
  dim: (text: string) => `\u001b[2m${text}\u001b[22m`,
};
const SEVERITY_STYLE: Record<string, (text: string) => string> = { error: STYLE.red, warning: STYLE.yellow, info: STYLE.cyan };
const FINDING_LINE = /^( {2})(error|warning|info)( +)/;

/** `formatReportText(report)` with severities, table names and the verdict coloured. */
export function formatReportTextColored(report: SchemaReport): string {
  const lines = formatReportText(report).split('\n');
  let isSql = false;
  return lines
    .map((line, i) => {
      if (i === 0) return line.replace(/\b(OK|DRIFT)\b/, (verdict) => STYLE.bold(verdict === 'OK' ? STYLE.green(verdict) : STYLE.red(verdict)));
      if (line.startsWith('-- Suggested SQL')) isSql = true;
      if (isSql) return STYLE.dim(line);
      const finding = FINDING_LINE.exec(line);
      if (finding) return finding[1] + SEVERITY_STYLE[finding[2]](finding[2]) + line.slice(finding[1].length + finding[2].length);
      return line === '' ? line : STYLE.bold(line);
    })
    .join('\n');
}
