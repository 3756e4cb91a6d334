/**
 * Fixes converge in one round (issue 11): for every break of the round trip, on both databases,
 * break, validate, run the plan's statements on the broken database (here, in the test: the
 * library never writes), validate again: no finding is left but those the plan lists as
 * `unplanned`, each for a reason a person must decide (drop data, a view's query).
 */
import { expect } from 'chai';
import { validateSchemaOnStartup } from '../lib';
import type { FixPlan } from '../lib/fix/fix-plan';
import type { Finding, FindingCode, SchemaReport } from '../lib/model/finding';
import { INVENTORY_SCHEMA, broadEntities } from './fixtures/broad-entities';
import { CASES, show } from './support/break-cases';
import { DIALECTS, type TestDatabase, type TestDialect, createDatabase } from './support/databases';

const silentLogger = { warn() {}, info() {}, error() {} };

/** Codes the plan may leave to a person, each for a stated reason (dropping data, a view's query). */
const MAY_STAY_UNPLANNED: FindingCode[] = ['unexpected_column', 'unexpected_table', 'missing_view'];

/**
 * Breaks whose repair is not a plan's to make, with why. Renaming `tag` to `tag_renamed` looks like a
 * missing `tag`: on SQLite the plan re-creates it and points the foreign keys back, and that
 * converges. On PostgreSQL index names are unique per schema and the renamed table still holds
 * `tag`'s, so re-creating `tag` with TypeORM's names collides; the right repair is renaming the
 * table back, which only a person knows (the plan cannot tell a rename from a drop).
 */
const NOT_CONVERGING: Partial<Record<TestDialect, Record<string, string>>> = {
  postgres: { 'rename a table': "the renamed table still holds tag's index names, which are unique per schema" },
};

async function check(ds: Awaited<ReturnType<TestDatabase['connect']>>): Promise<SchemaReport> {
  return validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger });
}

/** Runs the plan one statement at a time (CONCURRENTLY cannot share a multi-statement call), as a person running the script would. */
async function apply(db: TestDatabase, plan: FixPlan): Promise<void> {
  for (const statement of plan.header) await db.exec(statement);
  for (const step of plan.steps) {
    for (const statement of step.sql) {
      try {
        await db.exec(statement);
      } catch (error) {
        throw new Error(`step for ${step.findings.map((f) => f.code).join(', ')} failed at:\n${statement}\n${(error as Error).message}`);
      }
    }
  }
}

const key = (finding: Finding) => `${finding.code} ${finding.table}.${finding.column ?? ''}`;

describe('fixes converge in one round', function () {
  this.timeout(120_000);
  for (const dialect of DIALECTS) {
    describe(`on ${dialect}`, () => {
      for (const testCase of CASES) {
        const breakIt = testCase.sql[dialect];
        if (!breakIt) continue;
        it(`${testCase.name}: the plan repairs it`, async function () {
          const skipReason = NOT_CONVERGING[dialect]?.[testCase.name];
          if (skipReason) this.skip();
          const db = await createDatabase(dialect);
          try {
            if (dialect === 'postgres') await db.exec(`CREATE SCHEMA "${INVENTORY_SCHEMA}"; CREATE SCHEMA "app"`);
            const ds = await db.connect(broadEntities(dialect), { synchronize: true });
            if (typeof breakIt === 'string') await db.exec(breakIt);
            else await breakIt(db);
            const broken = await check(ds);
            const plan = broken.plan!;
            expect(broken.findings, 'the break gives findings').not.to.be.empty;
            for (const { finding, reason } of plan.unplanned) {
              expect(MAY_STAY_UNPLANNED, `${key(finding)} left unplanned: ${reason}`).to.include(finding.code);
            }
            await apply(db, plan);
            const after = await check(ds);
            const allowed = new Set(plan.unplanned.map(({ finding }) => key(finding)));
            const left = after.findings.filter((finding) => !allowed.has(key(finding)));
            expect(left, `findings left after the plan:\n${show(left)}\nplan:\n${plan.steps.flatMap((s) => s.sql).join(';\n')}`).to.deep.equal([]);
          } finally {
            await db.dispose();
          }
        });
      }
    });
  }
});
