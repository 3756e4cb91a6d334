/**
 * The pure diff: (expected, actual, dialect rules) -> findings with their default severities.
 * No I/O, no options beyond what changes what is compared; severity overrides and ignores are
 * applied afterwards by `applyPolicy`.
 */
import type { ExpectedSchema, ExpectedTable } from '../model/expected';
import type { Finding } from '../model/finding';
import type { SchemaModel } from '../model/schema';
import { diffColumns } from './diff-columns';
import { type DiffAdapter, type DiffContext, type TablePair, caseInsensitiveMatch } from './diff-context';
import { diffChecks, diffIndexes, diffInvalidIndexes } from './diff-indexes';
import { diffForeignKeys, diffPrimaryKey } from './diff-keys';

/** Options of {@link diffSchema}. */
export interface DiffOptions {
  /** Report tables that no entity maps (`unexpected_table`, info). */
  reportUnexpectedTables: boolean;
  /** Tables never reported as unexpected (TypeORM's own: migrations, typeorm_metadata, query cache). */
  internalTables: string[];
}

/** Compares the expected schema with the actual one. */
export function diffSchema(
  expected: ExpectedSchema,
  actual: SchemaModel,
  adapter: DiffAdapter,
  options: DiffOptions,
): Finding[] {
  const ctx: DiffContext = { adapter, actual };
  const findings: Finding[] = [];
  const actualByKey = new Map([...actual.tables].map(([key, table]) => [ctx.adapter.foldIdentifier(key), table]));
  const expectedKeys = new Set([...expected.tables.keys()].map((key) => ctx.adapter.foldIdentifier(key)));
  for (const [key, table] of expected.tables) {
    const actualTable = actualByKey.get(ctx.adapter.foldIdentifier(key));
    if (!actualTable) {
      findings.push(missingTable(ctx, key, table));
      continue;
    }
    const pair: TablePair = { key, expected: table, actual: actualTable };
    if (actualTable.isReadable === false) {
      findings.push({
        code: 'insufficient_privilege',
        severity: 'error',
        table: key,
        entity: table.entity,
        message: `the connected role cannot SELECT from ${key}: every load of ${table.entity} fails`,
      });
    }
    findings.push(...diffColumns(ctx, pair));
    if (table.kind !== 'table') continue;
    findings.push(...diffPrimaryKey(ctx, pair));
    findings.push(...diffForeignKeys(ctx, pair));
    findings.push(...diffIndexes(ctx, pair));
    findings.push(...diffInvalidIndexes(ctx, pair));
    findings.push(...diffChecks(ctx, pair));
  }
  if (options.reportUnexpectedTables) {
    const internal = new Set(options.internalTables);
    for (const [key, table] of actual.tables) {
      if (expectedKeys.has(ctx.adapter.foldIdentifier(key)) || internal.has(table.name) || table.kind !== 'table') continue;
      findings.push({
        code: 'unexpected_table',
        severity: 'info',
        table: key,
        message: `table ${key} is not mapped by any entity`,
      });
    }
  }
  return findings;
}

function missingTable(ctx: DiffContext, key: string, table: ExpectedTable): Finding {
  const similar = caseInsensitiveMatch(key, ctx.actual.tables.keys());
  const hint = similar ? ` (the database has "${similar}", which differs only in letter case)` : '';
  if (table.role === 'view') {
    return {
      code: 'missing_view',
      similarName: similar,
      severity: 'error',
      table: key,
      entity: table.entity,
      message: `view ${key} of ${table.entity} does not exist${hint}: every load of ${table.entity} fails`,
    };
  }
  const describe = (part: Pick<ExpectedTable, 'role' | 'relations' | 'entity'>) =>
    part.role === 'junction'
      ? `junction table of ${part.relations.join(' / ')}`
      : part.role === 'closure'
        ? `closure table of the ${part.entity} tree`
        : `table of ${part.entity}`;
  const what = [...new Set((table.sharedBy ?? [table]).map(describe))].join(' and ');
  return {
    code: 'missing_table',
    role: table.role,
    similarName: similar,
    severity: 'error',
    table: key,
    entity: table.entity,
    relation: table.role === 'junction' ? table.relations[0] : undefined,
    message: `${what} ${key} does not exist${hint}: every query that touches it fails`,
  };
}

