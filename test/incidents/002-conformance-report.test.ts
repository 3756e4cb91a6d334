/**
 * Incident 002 (methodology): the database is the source of truth, and conformance needs a
 * machine-readable report with stable codes. The report is plain JSON, every finding has a
 * documented code, and nothing the check does writes to the database.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_CODES, validateSchemaOnStartup } from '../../lib';
import { TASK_ENTITIES } from '../../examples/incident-004/entities';
import { productionSchema } from '../../examples/incident-004/production-schema';
import { DIALECTS, createDatabase } from '../support/databases';

describe('incident 002 (conformance report)', () => {
  it('documents every finding code in docs/findings.md', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'findings.md'), 'utf8');
    for (const code of FINDING_CODES) expect(doc, code).to.contain(`\`${code}\``);
  });

  for (const dialect of DIALECTS) {
    it(`produces a JSON-serialisable report and leaves the ${dialect} schema untouched`, async () => {
      const db = await createDatabase(dialect);
      try {
        for (const statement of productionSchema(dialect)) await db.exec(statement);
        const fingerprint = async () =>
          JSON.stringify(
            dialect === 'postgres'
              ? await db.rows(`SELECT c.relname, a.attname, a.atttypid FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
                                WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 ORDER BY 1, 2`)
              : await db.rows('SELECT name, sql FROM sqlite_master ORDER BY name'),
          );
        const before = await fingerprint();
        const ds = await db.connect(TASK_ENTITIES);
        const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: { info() {}, warn() {}, error() {} } });
        expect(JSON.parse(JSON.stringify(report))).to.deep.equal(report);
        expect(report.dialect).to.equal(dialect);
        for (const finding of report.findings) expect(FINDING_CODES).to.include(finding.code);
        expect(report.stats.tables).to.equal(5);
        expect(report.stats.queries).to.be.within(1, 5);
        expect(await fingerprint()).to.equal(before);
      } finally {
        await db.dispose();
      }
    });
  }
});
