/**
 * The errors degrade mode raises at run time, before any SQL is sent: a hand-written join on a
 * degraded relation, and (with `degrade.onDroppedWrite: 'throw'`) a write to a degraded column.
 */
import type { Finding } from '../model/finding';

/**
 * A QueryBuilder join or a lazy load names a relation that degrade mode took out of loading.
 * Thrown by `leftJoin`, `innerJoinAndSelect`... (and the rejection of `await entity.lazyRelation`)
 * before the query reaches the database, so a transaction is not poisoned by a database error.
 * @example
 * try { await repo.createQueryBuilder('task').leftJoinAndSelect('task.labels', 'label').getMany(); }
 * catch (error) { if (error instanceof DegradedRelationError) return loadWithoutLabels(); throw error; }
 */
export class DegradedRelationError extends Error {
  override readonly name = 'DegradedRelationError';
  /** `Entity.property` of the relation, e.g. `Task.labels`. */
  readonly relation: string;
  /** The finding that degraded it. */
  readonly finding: Finding;

  constructor(relation: string, finding: Finding) {
    super(
      `Relation ${relation} is degraded and cannot be joined: ${finding.message} (${finding.code}). ` +
        `Load it without this join, or repair the database${finding.fix ? ` (${finding.fix})` : ''} and validate again.`,
    );
    this.relation = relation;
    this.finding = finding;
  }
}

/** A write carried a value (or a link) for a degraded column and `degrade.onDroppedWrite` is `'throw'`. */
export class DegradedWriteError extends Error {
  override readonly name = 'DegradedWriteError';
  /** `Entity.property` of the column, e.g. `TaskSubtask.userId`. */
  readonly property: string;
  /** The relation the caller set when the value is a link stored on the other side, e.g. `Team.members` for `Member.team`. */
  readonly via?: string;
  /** The finding that degraded it. */
  readonly finding: Finding;

  constructor(property: string, operation: 'insert' | 'update', finding: Finding, via?: string) {
    const what = via ? `the link set through ${via}` : property;
    super(
      `Refusing to ${operation} without ${what}: ${via ? `it is stored in ${property}, which` : 'the column'} is degraded (${finding.message}) and ` +
        `${via ? 'the link' : 'its value'} would be lost; nothing of this write was sent to the database. ` +
        `Repair the database${finding.fix ? ` (${finding.fix})` : ''} and validate again, or set degrade.onDroppedWrite to 'warn'.`,
    );
    this.property = property;
    if (via) this.via = via;
    this.finding = finding;
  }
}
