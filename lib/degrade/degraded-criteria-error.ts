import type { Finding } from '../model/finding';

/**
 * A query names a degraded column in its conditions or ordering (a find `where` or `order`, the
 * criteria of `update`, `delete`, `softDelete`, `restore`, `increment`, `decrement`, or a
 * QueryBuilder `where` / `orderBy` / `groupBy`...). Thrown before any SQL is sent: a condition on a column the
 * database lacks fails there at best, and on SQLite's sqlite3 driver an unknown double-quoted name
 * is read as a string literal, so the condition would match every row.
 * @example
 * try { await tickets.update({ priority: MoreThan(5) }, { urgent: true }); }
 * catch (error) { if (error instanceof DegradedCriteriaError) logger.error(error.message); throw error; }
 */
export class DegradedCriteriaError extends Error {
  override readonly name = 'DegradedCriteriaError';
  /** The entity whose column is named, e.g. `Ticket`. */
  readonly entity: string;
  /** `Entity.property` of the degraded column, e.g. `Ticket.priority` (a join column is named after its relation). */
  readonly property: string;
  /** Where the query names it: a find `where` or `order`, or `query` (criteria, conditions, `orderBy`, `groupBy` that a QueryBuilder turns into SQL). */
  readonly clause: 'where' | 'order' | 'query';
  /** The finding that degraded the column. */
  readonly finding: Finding;

  constructor(entity: string, property: string, clause: 'where' | 'order' | 'query', finding: Finding) {
    const place = clause === 'query' ? 'the SQL a query builder builds (a condition, ordering, grouping or selection)' : `a find ${clause}`;
    super(
      `Refusing a query: ${place} names ${property}, which is degraded (${finding.message}); the database would fail or ` +
        `match the wrong rows, so nothing was sent. Leave ${property} out of the criteria, or repair the database` +
        `${finding.fix ? ` (${finding.fix})` : ''} and validate again.`,
    );
    this.entity = entity;
    this.property = property;
    this.clause = clause;
    this.finding = finding;
  }
}
