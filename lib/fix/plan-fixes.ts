/**
 * The fix-planning stage: after the diff and the policy, the dialect's planner turns the kept
 * findings and both schemas into ordered steps; each finding's `fix` is then its steps' SQL.
 */
import type { DialectAdapter } from '../dialects/dialect';
import type { Finding } from '../model/finding';
import type { FixPlan, FixPlanInput } from './fix-plan';

/** Plans the fixes of `input.findings` with the dialect's planner. Pure. */
export function planFixes(input: FixPlanInput, adapter: Pick<DialectAdapter, 'planFixes'>): FixPlan {
  return adapter.planFixes(input);
}

/** The statements of a list of SQL, each ended by `;`, one per line. */
function joinStatements(sql: string[]): string {
  return sql.map((statement) => `${statement};`).join('\n');
}

/**
 * The findings with `fix` filled from the plan (the SQL of every step that fixes them, in plan
 * order), and the plan pointing at those same finding objects. Findings without a step keep no `fix`.
 */
export function withFixes(findings: Finding[], plan: FixPlan): { findings: Finding[]; plan: FixPlan } {
  const sqlOf = new Map<Finding, string[]>();
  for (const step of plan.steps) {
    for (const finding of step.findings) sqlOf.set(finding, [...(sqlOf.get(finding) ?? []), ...step.sql]);
  }
  const replaced = new Map<Finding, Finding>();
  const out = findings.map((finding) => {
    const sql = sqlOf.get(finding);
    const next = sql && sql.length ? placeFix(finding, joinStatements(sql)) : finding;
    replaced.set(finding, next);
    return next;
  });
  const swap = (finding: Finding) => replaced.get(finding) ?? finding;
  return {
    findings: out,
    plan: {
      ...plan,
      steps: plan.steps.map((step) => ({ ...step, findings: step.findings.map(swap) })),
      unplanned: plan.unplanned.map((entry) => ({ ...entry, finding: swap(entry.finding) })),
    },
  };
}

/** `fix` right after `message`, where readers of the JSON find it. */
function placeFix(finding: Finding, fix: string): Finding {
  const entries = Object.entries(finding).filter(([key]) => key !== 'fix');
  const at = entries.findIndex(([key]) => key === 'message') + 1;
  entries.splice(at, 0, ['fix', fix]);
  return Object.fromEntries(entries) as unknown as Finding;
}
