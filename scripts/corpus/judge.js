/**
 * Applies the judged verdicts (verdicts.js) to a corpus result file: per application and dialect,
 * the counts for docs/accuracy.md (findings, errors raw and as configured by the app's guardOptions,
 * warnings, info, false positives, unjudged findings, log() statements) and the findings grouped by
 * verdict and cause. Exits 1 while any finding is unjudged (no rule in verdicts.js explains it).
 * usage: node scripts/corpus/judge.js [results.json] [--markdown]
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { judge } = require('./verdicts');

const args = process.argv.slice(2);
const markdown = args.includes('--markdown');
const file = args.find((a) => !a.startsWith('--')) || join(__dirname, '..', '..', '.corpus-cache', 'results.json');
const { results } = JSON.parse(readFileSync(file, 'utf8'));

const rows = [];
for (const result of results) {
  const report = result.report || (result.fallback && result.fallback.report);
  const row = { app: result.app, version: result.version, dialect: result.dialect, driver: result.driverType, status: result.status, log: result.logStatements, causes: {} };
  rows.push(row);
  if (!report) continue;
  row.via = result.report ? undefined : result.fallback.driverType;
  row.findings = report.findings.length;
  for (const severity of ['error', 'warning', 'info']) row[severity] = report.findings.filter((f) => f.severity === severity).length;
  row.configuredError = result.configured ? result.configured.report.findings.filter((f) => f.severity === 'error').length : row.error;
  row.fp = 0;
  row.tooHigh = 0;
  row.unjudged = 0;
  for (const finding of report.findings) {
    const rule = judge(result.app, result.dialect, finding);
    if (rule.verdict === 'fp') row.fp++;
    if (rule.verdict === 'too-high') row.tooHigh++;
    if (rule.verdict === 'unjudged') row.unjudged++;
    const k = `${rule.verdict.padEnd(8)} ${finding.code}/${finding.severity} [${rule.cause}]`;
    row.causes[k] = row.causes[k] || { count: 0, why: rule.why, examples: [] };
    row.causes[k].count++;
    if (row.causes[k].examples.length < 2) row.causes[k].examples.push(`${finding.table}.${finding.column ?? ''}`);
  }
}

if (markdown) {
  console.log('| application | version | dialect | findings | errors (raw) | errors as configured | warnings | info | false positives | real, severity too high | unjudged | log() statements |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const dialect = `${r.dialect}${r.driver && r.driver !== r.dialect ? ` (\`${r.driver}\`)` : ''}`;
    if (r.findings === undefined) console.log(`| ${r.app} | ${r.version} | ${dialect} | ${r.status} | | | | | | | | ${r.log ?? ''} |`);
    else {
      const note = r.via ? ` (guard refused the driver; counted through \`${r.via}\` on the same file)` : '';
      const pct = r.findings ? ` (${Math.round((100 * r.fp) / r.findings)} %)` : '';
      console.log(`| ${r.app} | ${r.version} | ${dialect}${note} | ${r.findings} | ${r.error} | ${r.configuredError} | ${r.warning} | ${r.info} | ${r.fp}${pct} | ${r.tooHigh} | ${r.unjudged} | ${r.log} |`);
    }
  }
} else {
  for (const r of rows) {
    const pct = r.findings ? ` (${((100 * r.fp) / r.findings).toFixed(1)} %)` : '';
    console.log(`== ${r.app}@${r.version} ${r.dialect}${r.via ? ` (through ${r.via})` : ''}: ${r.findings ?? r.status} findings, ${r.error ?? '-'} error (${r.configuredError ?? '-'} as configured), ${r.warning ?? '-'} warning, ${r.info ?? '-'} info; false positives ${r.fp ?? '-'}${pct}, severity too high ${r.tooHigh ?? '-'}, unjudged ${r.unjudged ?? '-'}; log() ${r.log}`);
    for (const [k, v] of Object.entries(r.causes).sort()) console.log(`  ${String(v.count).padStart(4)} ${k}  e.g. ${v.examples.join(', ')}`);
  }
}

const unjudged = rows.reduce((n, r) => n + (r.unjudged || 0), 0);
if (unjudged > 0) {
  console.error(`judge: ${unjudged} finding(s) no rule in verdicts.js explains (the UNJUDGED groups above)`);
  process.exitCode = 1;
}
