/**
 * Golden files of every output format, on literal reports (test/golden/sample-reports.ts).
 * `UPDATE_GOLDEN=1 npx mocha --grep golden` rewrites them; review the diff before committing.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SchemaGuardConfigError, type SchemaReport, formatReportText } from '../../lib';
import {
  formatFixScript,
  formatReportGithub,
  formatReportJson,
  formatReportJunit,
  formatReportMarkdown,
  formatReportTextColored,
  formatTypeormMigration,
} from '../../lib/integrations/formatters';
import { CLEAN_REPORT, POSTGRES_REPORT, SQLITE_REPORT } from '../golden/sample-reports';

// Tests run from dist/test/integrations; the golden files stay in the source tree.
const GOLDEN = join(__dirname, '..', '..', '..', 'test', 'golden');
const TIMESTAMP = 1700000000000;

const FORMATS: Record<string, (report: SchemaReport) => string> = {
  'text.txt': (report) => `${formatReportText(report)}\n`,
  'text-color.txt': (report) => `${formatReportTextColored(report)}\n`,
  'json.json': formatReportJson,
  'junit.xml': (report) => formatReportJunit(report, 'error'),
  'junit-warning.xml': (report) => formatReportJunit(report, 'warning'),
  'markdown.md': formatReportMarkdown,
  'github.txt': formatReportGithub,
  'fix.sql': formatFixScript,
  'migration.ts.txt': (report) => formatTypeormMigration(report, { name: 'FixSchemaDrift', timestamp: TIMESTAMP }),
};
const REPORTS: Record<string, SchemaReport> = { postgres: POSTGRES_REPORT, sqlite: SQLITE_REPORT, clean: CLEAN_REPORT };

function matchGolden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual, `${file} differs from its golden file (UPDATE_GOLDEN=1 to rewrite)`).to.equal(readFileSync(path, 'utf8'));
}

describe('golden output of every format', () => {
  for (const [reportName, report] of Object.entries(REPORTS)) {
    for (const [format, render] of Object.entries(FORMATS)) {
      it(`${reportName} report as ${format}`, () => matchGolden(`${reportName}.${format}`, render(report)));
    }
  }

  describe('a table named "x\\n\\u001b[31m" forges no line and no colour', () => {
    for (const [format, render] of Object.entries(FORMATS)) {
      if (format === 'json.json') continue;
      it(`in ${format}`, () => {
        const ownColours = /\u001b\[\d+m/g;
        const output = format === 'text-color.txt' ? render(POSTGRES_REPORT).replace(ownColours, '') : render(POSTGRES_REPORT);
        // No raw control character, and the name's tail never starts a line of its own.
        expect(output).not.to.match(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        // Markdown table cells escape the backslashes and the bracket once more.
        const escaped = ['x\\u000a\\u001b[31m', 'x\\\\u000a\\\\u001b\\[31m'];
        const mentions = output.split('\n').filter((line) => line.includes('[31m'));
        expect(mentions).not.to.be.empty;
        for (const line of mentions) expect(escaped.some((form) => line.includes(form)), line).to.equal(true);
      });
    }
    it('in json, through JSON escapes', () => {
      const json = formatReportJson(POSTGRES_REPORT);
      expect(json).not.to.match(/[\u0000-\u0008\u000b-\u001f]/);
      expect(JSON.parse(json).findings.some((f: { table: string }) => f.table === 'x\n\u001b[31m')).to.equal(true);
    });
  });
});

describe('formatter input', () => {
  it('a failOn that is not a severity is a SchemaGuardConfigError, not a report where nothing fails', () => {
    expect(() => formatReportJunit(POSTGRES_REPORT, 'fatal' as never))
      .to.throw(SchemaGuardConfigError, "options.failOn must be 'error', 'warning' or 'info'")
      .with.property('option', 'failOn');
  });
});
