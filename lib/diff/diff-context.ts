/** What every diff function is given: both sides, the dialect's rules, and a way to name things in SQL. */
import type { DialectAdapter } from '../dialects/dialect';
import type { ExpectedTable } from '../model/expected';
import type { Finding } from '../model/finding';
import type { SchemaModel, TableModel } from '../model/schema';

/** The dialect questions the pure diff asks. */
export type DiffAdapter = Pick<
  DialectAdapter,
  'compareTypes' | 'normalizeDefault' | 'normalizeExpression' | 'quoteIdentifier' | 'hasEnumTypes' | 'foldIdentifier' | 'checksForeignKeyTypes'
>;

export interface DiffContext {
  adapter: DiffAdapter;
  actual: SchemaModel;
}

/** One expected table and the actual table of the same key. */
export interface TablePair {
  key: string;
  expected: ExpectedTable;
  actual: TableModel;
}

/** `Omit` over each member of a union, so that a finding keeps its code's own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A finding before its table (and maybe its entity) is filled in. */
export type TableFindingDraft = DistributiveOmit<Finding, 'table' | 'entity'> & { entity?: string };

/** A finding about a table, with the entity filled in (the table's, unless the finding names another). */
export function tableFinding(pair: Pick<TablePair, 'key' | 'expected'>, finding: TableFindingDraft): Finding {
  const { entity, ...rest } = finding;
  return { table: pair.key, entity: entity ?? pair.expected.entity, ...rest } as Finding;
}

/** Lists values for a message: `a, b and c`. */
export function listWords(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

/** Finds a name that differs only by letter case, for a "did you mean" hint. */
export function caseInsensitiveMatch(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  for (const candidate of candidates) if (candidate !== name && candidate.toLowerCase() === lower) return candidate;
  return undefined;
}

/** True when both lists hold the same values, in any order. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((value) => set.has(value));
}
