/**
 * PostgreSQL enum fixes: missing values are added in declaration order (`ADD VALUE ... BEFORE/AFTER`);
 * extra values or another order need the type rebuilt (rename, create, convert every column that
 * uses it, drop the old one), since PostgreSQL never removes or reorders enum values.
 */
import type { FindingOf } from '../../model/finding';
import { literal, q, quoteKey } from './fix-sql';
import type { PostgresPlanContext } from './plan-fixes';

/** Plans one enum_mismatch; findings over the same type share one step. */
export function planPostgresEnum(ctx: PostgresPlanContext, finding: FindingOf<'enum_mismatch'>): void {
  const enumName = finding.enumName;
  if (!enumName) return ctx.plan.skip(finding, 'the column is not of an enum type the catalog names');
  const shared = ctx.plan.stepFor((step) => step.findings.some((f) => f.code === 'enum_mismatch' && f.enumName === enumName));
  if (shared) {
    shared.findings.push(finding);
    return;
  }
  const type = quoteKey(enumName);
  const rebuild = (values: string[]) => rebuildEnum(ctx, enumName, values);
  if (finding.extra.length === 0 && !finding.orderDiffers) {
    const declared = finding.expectedValues;
    const present = new Set(finding.actualValues);
    const sql = declared.flatMap((value, i) => {
      if (present.has(value)) return [];
      const before = declared.slice(i + 1).find((v) => present.has(v));
      present.add(value);
      const place = before !== undefined ? ` BEFORE ${literal(before)}` : i > 0 ? ` AFTER ${literal(declared[i - 1])}` : '';
      return [`ALTER TYPE ${type} ADD VALUE ${literal(value)}${place}`];
    });
    ctx.plan.add({
      findings: [finding],
      table: finding.table,
      sql,
      reverse: rebuild(finding.actualValues),
      notes: ['an added value cannot be used in the transaction that adds it'],
    });
    return;
  }
  ctx.plan.add({
    findings: [finding],
    table: finding.table,
    sql: rebuild(finding.expectedValues),
    reverse: rebuild(finding.actualValues),
    notes: [`rows holding ${finding.extra.map(literal).join(', ') || 'a removed value'} make the conversion fail: update them first`],
    hazards: ['table_rewrite', 'blocks_reads', 'blocks_writes', 'may_fail_on_data'],
  });
}

/** Rename the type away, create it with `values`, convert every column of the type through text, drop the old type. */
function rebuildEnum(ctx: PostgresPlanContext, enumName: string, values: string[]): string[] {
  // The type's schema (up to the first dot, as quoteKey reads it) keeps its `schema.` prefix on the old name.
  const dot = enumName.indexOf('.');
  const old = `${enumName.slice(dot + 1)}_old`;
  const type = quoteKey(enumName);
  const oldType = quoteKey(`${enumName.slice(0, dot + 1)}${old}`);
  const sql = [`ALTER TYPE ${type} RENAME TO ${q(old)}`, `CREATE TYPE ${type} AS ENUM (${values.map(literal).join(', ')})`];
  for (const [key, table] of ctx.plan.input.actual.tables) {
    if (table.kind !== 'table') continue;
    for (const column of table.columns) {
      if (column.enumName !== enumName) continue;
      const target = column.isArray ? `${type}[]` : type;
      sql.push(...ctx.changeType(ctx.table(key), { ...column, enumName: old }, target, column.default));
    }
  }
  sql.push(`DROP TYPE ${oldType}`);
  return sql;
}
