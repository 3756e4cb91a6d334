/**
 * Several metadatas can map one table: an explicit entity and the junction TypeORM builds for a
 * many-to-many relation over the same table, two junctions, or several entities (single-table
 * inheritance without a discriminator column). Each loads and writes through its own columns, so
 * the table must hold the union of them; keeping only one would report the others' columns as
 * unexpected and miss their drift.
 */
import type { Draft } from '../model/schema';
import type { ExpectedColumn, ExpectedForeignKey, ExpectedIndex, ExpectedTable, ExpectedTableRole } from '../model/expected';

/**
 * Merges the expected tables of metadatas that map the same table into one. Columns, indexes,
 * uniques, checks and foreign keys are the union; where two declarations of the same thing differ
 * (a column, the primary key, a foreign key's actions) the explicit entity's is the expectation
 * and the others are accepted too.
 */
export function mergeExpectedTables(tables: ExpectedTable[]): ExpectedTable {
  if (tables.length === 1) return tables[0];
  // Array.prototype.sort is stable: metadata order decides among tables of one role.
  const ordered = [...tables].sort((a, b) => ROLE_PREFERENCE[a.role] - ROLE_PREFERENCE[b.role]);
  const [preferred] = ordered;
  return {
    ...preferred,
    relations: unique(ordered.flatMap((table) => table.relations)),
    loadedThrough: unique(ordered.flatMap((table) => table.loadedThrough)),
    columns: mergeColumns(ordered),
    primaryKey: preferred.primaryKey,
    acceptedPrimaryKeys: otherPrimaryKeys(ordered),
    foreignKeys: mergeForeignKeys(ordered),
    indexes: mergeIndexes(ordered),
    checks: uniqueBy(ordered.flatMap((table) => table.checks), (check) => check.expression),
    sharedBy: ordered.map((table) => ({
      entity: table.entity,
      role: table.role,
      relations: table.relations,
      loadedThrough: table.loadedThrough,
      columns: table.columns.map((column) => column.name),
    })),
  };
}

/** An explicit entity's declaration wins over a junction's, which TypeORM derives from the relation. */
const ROLE_PREFERENCE: Record<ExpectedTableRole, number> = { entity: 0, view: 0, closure: 1, junction: 2 };

function mergeColumns(ordered: ExpectedTable[]): ExpectedColumn[] {
  const byName = new Map<string, ExpectedColumn>();
  for (const table of ordered) {
    for (const column of table.columns) {
      // The first (preferred) declaration of a column is the one compared: one expectation, no contradictory findings.
      if (!byName.has(column.name)) byName.set(column.name, { ...column, entity: column.entity ?? table.entity });
    }
  }
  return [...byName.values()];
}

function otherPrimaryKeys(ordered: ExpectedTable[]): (readonly string[])[] | undefined {
  const [preferred, ...others] = ordered;
  const seen = new Set([keyOf(preferred.primaryKey)]);
  const accepted: (readonly string[])[] = [];
  for (const table of others) {
    const key = keyOf(table.primaryKey);
    if (table.primaryKey.length === 0 || seen.has(key)) continue;
    seen.add(key);
    accepted.push(table.primaryKey);
  }
  return accepted.length > 0 ? accepted : undefined;
}

function mergeForeignKeys(ordered: ExpectedTable[]): ExpectedForeignKey[] {
  const merged: Draft<ExpectedForeignKey>[] = [];
  for (const table of ordered) {
    for (const fk of table.foreignKeys) {
      const same = merged.find((candidate) => structureOf(candidate) === structureOf(fk));
      if (!same) {
        // A copy: its acceptedActions is only ever replaced, never pushed to.
        merged.push({ ...fk, entity: fk.entity ?? table.entity } as Draft<ExpectedForeignKey>);
        continue;
      }
      same.relation ??= fk.relation;
      const actions = [same, ...(same.acceptedActions ?? [])];
      if (!actions.some((a) => a.onDelete === fk.onDelete && a.onUpdate === fk.onUpdate)) {
        same.acceptedActions = [...(same.acceptedActions ?? []), { onDelete: fk.onDelete, onUpdate: fk.onUpdate }];
      }
    }
  }
  return merged;
}

function mergeIndexes(ordered: ExpectedTable[]): ExpectedIndex[] {
  const withEntity = ordered.flatMap((table) => table.indexes.map((index) => ({ ...index, entity: index.entity ?? table.entity })));
  return uniqueBy(withEntity, (index) => [index.isUnique, index.columns.join('\u0000'), index.where ?? '', index.expression ?? ''].join('\u0001'));
}

/** Referencing and referenced column pairs (in any order) and the referenced table. */
function structureOf(fk: ExpectedForeignKey): string {
  const pairs = fk.columns.map((column, i) => `${column}\u0000${fk.referencedColumns[i]}`).sort();
  return `${fk.referencedTable}\u0001${pairs.join('\u0001')}`;
}

function keyOf(columns: readonly string[]): string {
  return [...columns].sort().join('\u0000');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
