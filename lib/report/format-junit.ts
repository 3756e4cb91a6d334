/**
 * The report as JUnit XML, the format CI systems read test results from: one test case per
 * finding, failed when at or above `failOn`. Pure.
 */
import type { Finding, SchemaReport } from '../model/finding';
import { sortFindings } from '../model/sort-findings';
import { type FailOn, findingsAtOrAbove } from './format-diff';
import { escapeForText, fixLines } from './format-text';

/**
 * JUnit XML for the report. A clean report gives one passing test case, so that CI shows the check ran.
 *
 * @example
 * writeFileSync('schema-guard.xml', formatReportJunit(report, 'warning'));
 */
export function formatReportJunit(report: SchemaReport, failOn: FailOn = 'error'): string {
  const failing = new Set(findingsAtOrAbove(report.findings, failOn));
  const seconds = (report.stats.durationMs / 1000).toFixed(3);
  const cases = sortFindings(report.findings).map((finding) => testCase(finding, failing.has(finding)));
  if (cases.length === 0) {
    cases.push(
      `    <testcase classname="schema-guard.${report.dialect}" name="database schema matches the entities (${report.stats.tables} tables, ${report.stats.columns} columns)" time="${seconds}"/>`,
    );
  }
  const counts = `tests="${cases.length}" failures="${failing.size}" errors="0" skipped="0" time="${seconds}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="typeorm-schema-guard" ${counts}>`,
    `  <testsuite name="schema-guard (${report.dialect})" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(finding: Finding, isFailure: boolean): string {
  const name = `${finding.code}${finding.column ? ` ${finding.column}` : ''}`;
  const open = `    <testcase classname="${attribute(`schema-guard.${finding.table}`)}" name="${attribute(name)}" time="0">`;
  const body = [`${finding.severity} ${finding.code}: ${finding.message}`];
  if (finding.expected !== undefined) body.push(`expected (entities): ${finding.expected}`);
  if (finding.actual !== undefined) body.push(`actual (database):   ${finding.actual}`);
  const details = body.map(escapeForText);
  if (finding.fix) details.push('fix:', ...fixLines(finding));
  const text = xmlText(details.join('\n'));
  const inner = isFailure
    ? `      <failure type="${finding.code}" message="${attribute(finding.message)}">${text}</failure>`
    : `      <system-out>${text}</system-out>`;
  return `${open}\n${inner}\n    </testcase>`;
}

/** Element text whose lines were escaped already (XML 1.0 cannot carry most control characters even as references). */
function xmlText(escapedLines: string): string {
  return escapedLines.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return xmlText(escapeForText(value)).replace(/"/g, '&quot;');
}
