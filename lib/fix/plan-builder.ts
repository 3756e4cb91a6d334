/**
 * What every dialect's planner shares: finding both sides of a finding in the schemas, collecting
 * steps by phase, and never emitting the same object twice (a composite index over two re-added
 * columns, a table rebuild that fixes several findings).
 */
import type { ExpectedColumn, ExpectedTable } from '../model/expected';
import type { Finding } from '../model/finding';
import type { ColumnModel, TableModel } from '../model/schema';
import { FIX_PHASES, type FixPhase, PHASE_OF } from './fix-phases';
import type { FixPlan, FixPlanInput, FixStep } from './fix-plan';

/** Collects the steps and unplanned findings of one plan. */
export class PlanBuilder {
  private readonly steps: { phase: FixPhase; step: FixStep }[] = [];
  private readonly unplanned: FixPlan['unplanned'] = [];
  private readonly emitted = new Set<string>();

  constructor(
    readonly input: FixPlanInput,
    /** Folds names the way the database compares them (SQLite ignores ASCII case). */
    private readonly fold: (name: string) => string = (name) => name,
  ) {}

  /** Adds a step, in the phase of its first finding unless told otherwise. */
  add(step: Omit<FixStep, 'notes' | 'hazards' | 'reverse' | 'isTransactional'> & Partial<FixStep>, phase?: FixPhase): void {
    const full: FixStep = { reverse: [], notes: [], hazards: [], isTransactional: true, ...step };
    full.hazards = [...new Set(full.hazards)];
    this.steps.push({ phase: phase ?? PHASE_OF[step.findings[0].code], step: full });
  }

  /** Records a finding no statement fixes, with why. */
  skip(finding: Finding, reason: string): void {
    this.unplanned.push({ finding, reason });
  }

  /** True the first time `key` is claimed: an object (index, key, table rebuild) is emitted once. */
  claim(key: string): boolean {
    if (this.emitted.has(key)) return false;
    this.emitted.add(key);
    return true;
  }

  /** The step already planned for an object, to add a finding it also fixes. */
  stepFor(predicate: (step: FixStep) => boolean): FixStep | undefined {
    return this.steps.find(({ step }) => predicate(step))?.step;
  }

  expectedTable(key: string): ExpectedTable | undefined {
    return this.input.expected.tables.get(key) ?? [...this.input.expected.tables].find(([k]) => this.fold(k) === this.fold(key))?.[1];
  }

  actualTable(key: string): TableModel | undefined {
    return this.input.actual.tables.get(key) ?? [...this.input.actual.tables].find(([k]) => this.fold(k) === this.fold(key))?.[1];
  }

  expectedColumn(table: string, column: string): ExpectedColumn | undefined {
    return this.expectedTable(table)?.columns.find((c) => this.fold(c.name) === this.fold(column));
  }

  actualColumn(table: string, column: string): ColumnModel | undefined {
    return this.actualTable(table)?.columns.find((c) => this.fold(c.name) === this.fold(column));
  }

  /** The plan: steps ordered by phase (stable within one). */
  build(header: string[]): FixPlan {
    const rank = (phase: FixPhase) => FIX_PHASES.indexOf(phase);
    const ordered = this.steps.map((entry, index) => ({ ...entry, index })).sort((a, b) => rank(a.phase) - rank(b.phase) || a.index - b.index);
    return { dialect: this.input.actual.dialect, header, steps: ordered.map(({ step }) => step), unplanned: this.unplanned };
  }
}
