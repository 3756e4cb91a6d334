/**
 * Which relations and columns a report's errors break, and which errors no degradation can
 * contain. Reads the metadata, changes nothing.
 */
import type { ColumnDegradation, Finding, RelationDegradation } from '../model/finding';
import { relationKey } from '../typeorm/relation-key';
import type { ColumnMeta, EntityMeta, RelationMeta } from '../typeorm/typeorm-shapes';

/** What degrade mode will change, and what it cannot help with. */
export interface DegradationPlan {
  relations: Map<RelationMeta, RelationDegradation>;
  columns: Map<ColumnMeta, ColumnDegradation>;
  /** Errors that still break the entity whatever is left out (its own table missing, a primary-key mismatch...). */
  uncontainable: Finding[];
}

/** Errors that break the entity itself: leaving a relation or column out does not help. */
const UNCONTAINABLE_CODES = new Set<string>([
  'primary_key_mismatch',
  'insufficient_privilege',
  'unexpected_column',
  'generated_mismatch',
  'missing_view',
]);

/** Column errors that mean the column cannot be read or written as declared. */
const COLUMN_CODES = new Set<string>(['missing_column', 'type_mismatch']);

/** Builds the plan from the report's error findings; warnings and infos never degrade anything. */
export function planDegradation(findings: Finding[], metadatas: EntityMeta[]): DegradationPlan {
  const plan: DegradationPlan = { relations: new Map(), columns: new Map(), uncontainable: [] };
  for (const finding of findings) {
    if (finding.severity !== 'error') continue;
    if (!planFinding(plan, finding, metadatas)) plan.uncontainable.push(finding);
  }
  return plan;
}

/** Returns false when the finding cannot be contained. */
function planFinding(plan: DegradationPlan, finding: Finding, metadatas: EntityMeta[]): boolean {
  if (UNCONTAINABLE_CODES.has(finding.code)) return false;
  const owners = metadatas.filter((metadata) => isTableOf(metadata, finding.table));
  if (owners.length === 0) return false;
  if (finding.code === 'missing_table') {
    let contained = true;
    for (const owner of owners) {
      if (isJunction(owner)) {
        for (const relation of relationsThrough(owner, metadatas)) addRelation(plan, relation, finding);
        continue;
      }
      // The entity itself cannot load; relations of other entities that target it can be skipped.
      contained = false;
      for (const metadata of metadatas) {
        for (const relation of metadata.relations) if (relation.inverseEntityMetadata === owner) addRelation(plan, relation, finding);
      }
    }
    return contained;
  }
  if (!finding.column) return false;
  let found = false;
  for (const owner of owners) {
    // A property column and a relation's join column can share one database column (`taskId` + `task`).
    const columns = owner.columns.filter((candidate) => candidate.databaseName === finding.column);
    if (columns.length === 0) continue;
    found = true;
    if (isJunction(owner)) {
      for (const relation of relationsThrough(owner, metadatas)) addRelation(plan, relation, finding);
      continue;
    }
    if (columns.some((column) => column.isPrimary)) return false;
    const relations = owner.relations.filter((relation) => columns.some((column) => relation.joinColumns.includes(column)));
    if (relations.length > 0 && (COLUMN_CODES.has(finding.code) || finding.code === 'foreign_key_type_mismatch')) {
      for (const relation of relations) {
        addRelation(plan, relation, finding);
        if (relation.inverseRelation) addRelation(plan, relation.inverseRelation, finding);
      }
    } else if (!COLUMN_CODES.has(finding.code)) {
      return false;
    }
    if (COLUMN_CODES.has(finding.code)) for (const column of columns) addColumn(plan, owner, column, finding);
  }
  return found;
}

function addRelation(plan: DegradationPlan, relation: RelationMeta, finding: Finding): void {
  if (plan.relations.has(relation)) return;
  plan.relations.set(relation, { kind: 'relation', entity: relation.entityMetadata.name, relation: relationKey(relation), finding });
}

function addColumn(plan: DegradationPlan, owner: EntityMeta, column: ColumnMeta, finding: Finding): void {
  if (plan.columns.has(column)) return;
  plan.columns.set(column, {
    kind: 'column',
    entity: owner.name,
    // A join column's propertyPath is `project.id`; name it after the relation property it stores.
    property: `${owner.name}.${column.relationMetadata?.propertyPath ?? column.propertyPath}`,
    column: column.databaseName,
    finding,
  });
}

function isJunction(metadata: EntityMeta): boolean {
  return metadata.tableType === 'junction';
}

/** The many-to-many relations (both sides) that go through a junction table. */
function relationsThrough(junction: EntityMeta, metadatas: EntityMeta[]): RelationMeta[] {
  return metadatas.flatMap((metadata) => metadata.relations.filter((relation) => relation.junctionEntityMetadata === junction));
}

/** Findings name tables as the database does, schema-qualified only outside the default schema. */
function isTableOf(metadata: EntityMeta, table: string): boolean {
  if (metadata.tablePath === table || metadata.tableName === table) return true;
  return !table.includes('.') && metadata.tablePath?.split('.').pop() === table;
}
