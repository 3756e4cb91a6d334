/**
 * Prints the findings of a corpus result file grouped by code x severity x (expected -> actual),
 * with examples, to judge each group.
 * usage: node scripts/corpus/groups.js [results.json] [app] [dialect]
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [file = join(__dirname, '..', '..', '.corpus-cache', 'results.json'), app, dialect] = process.argv.slice(2);
const { results } = JSON.parse(readFileSync(file, 'utf8'));
for (const result of results) {
  const report = result.report || (result.fallback && result.fallback.report);
  if ((app && result.app !== app) || (dialect && result.dialect !== dialect) || !report) continue;
  console.log(`== ${result.app} ${result.dialect}${result.report ? '' : ` (through ${result.fallback.driverType})`}`);
  const groups = new Map();
  for (const f of report.findings) {
    const key = `${f.code}/${f.severity}  ${shape(f.expected)} -> ${shape(f.actual)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  for (const [key, list] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`${String(list.length).padStart(4)}  ${key}`);
    for (const f of list.slice(0, Number(process.env.EXAMPLES || 2))) console.log(`        ${f.table}.${f.column || ''}: ${f.message}`);
  }
}

function shape(value) {
  if (value === undefined) return '-';
  return String(typeof value === 'object' ? JSON.stringify(value) : value).slice(0, 80);
}
