/** The pure diff and the policy on literal models: no database needed, nothing mocked. */
import { expect } from 'chai';
import { postgresAdapter } from '../../lib/dialects/postgres';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import { applyPolicy } from '../../lib/diff/apply-policy';
import { diffSchema } from '../../lib/diff/diff-schema';
import type { ExpectedColumn, ExpectedSchema, ExpectedTable } from '../../lib/model/expected';
import type { ColumnModel, Dialect, SchemaModel, TableModel } from '../../lib/model/schema';

const OPTIONS = { reportUnexpectedTables: false, internalTables: [] };

function column(name: string, type = 'integer', extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, displayType: type, isArray: false, isNullable: false, ...extra };
}

function expectedColumn(name: string, type = 'integer', extra: Partial<ExpectedColumn> = {}): ExpectedColumn {
  return { ...column(name, type), property: `Thing.${name}`, isJoinColumn: false, hasTransformer: false, isPrimary: name === 'id', ...extra };
}

function schemas(dialect: Dialect, expectedName: string, actualName: string, columns: [string, string]) {
  const expectedTable: ExpectedTable = {
    name: expectedName,
    kind: 'table',
    entity: 'Thing',
    role: 'entity',
    relations: [],
    loadedThrough: [],
    columns: [expectedColumn('id'), expectedColumn(columns[0])],
    primaryKey: ['id'],
    foreignKeys: [],
    indexes: [],
    checks: [],
  };
  const actualTable: TableModel = {
    name: actualName,
    kind: 'table',
    columns: [column('id'), column(columns[1])],
    primaryKey: ['id'],
    foreignKeys: [],
    indexes: [],
    checks: [],
  };
  const defaultSchema = dialect === 'postgres' ? 'public' : 'main';
  const expected: ExpectedSchema = { dialect, defaultSchema, tables: new Map([[expectedName, expectedTable]]) };
  const actual: SchemaModel = { dialect, defaultSchema, tables: new Map([[actualName, actualTable]]) };
  return { expected, actual };
}

describe('diff (pure)', () => {
  it('matches table and column names case-insensitively on SQLite, as SQLite does', () => {
    const { expected, actual } = schemas('sqlite', 'Things', 'things', ['Size', 'size']);
    expect(diffSchema(expected, actual, sqliteAdapter, OPTIONS)).to.deep.equal([]);
  });

  it('compares names exactly on PostgreSQL and says when only the case differs', () => {
    const { expected, actual } = schemas('postgres', 'things', 'things', ['Size', 'size']);
    const findings = diffSchema(expected, actual, postgresAdapter, OPTIONS);
    const missing = findings.find((f) => f.code === 'missing_column')!;
    expect(missing.message).to.contain('"size", which differs only in letter case');
    expect(findings.map((f) => f.code).sort()).to.deep.equal(['missing_column', 'unexpected_column']);
  });

  it('applies severity overrides, "off" and ignores by table, column, code and entity', () => {
    const { expected, actual } = schemas('postgres', 'things', 'things', ['size', 'weight']);
    const raw = diffSchema(expected, actual, postgresAdapter, OPTIONS);
    const policy = (severity: object, ignore: object) =>
      applyPolicy(raw, { severity, ignore: { tables: [], columns: [], codes: [], ...ignore } }).map((f) => `${f.severity} ${f.code}`);
    expect(policy({}, {})).to.deep.equal(['error missing_column', 'error unexpected_column']);
    expect(policy({ unexpected_column: 'info' }, {})).to.deep.equal(['error missing_column', 'info unexpected_column']);
    expect(policy({ unexpected_column: 'off' }, {})).to.deep.equal(['error missing_column']);
    expect(policy({}, { columns: ['things.weight'] })).to.deep.equal(['error missing_column']);
    expect(policy({}, { columns: [/\.size$/] })).to.deep.equal(['error unexpected_column']);
    expect(policy({}, { tables: ['things'] })).to.deep.equal([]);
    expect(policy({}, { codes: ['missing_column'] })).to.deep.equal(['error unexpected_column']);
    // Findings that name the entity (both do here: its table is the entity's) go.
    const entity = raw.find((f) => f.code === 'missing_column')!.entity!;
    expect(entity).to.be.a('string');
    expect(policy({}, { entities: [entity] })).to.deep.equal([]);
    expect(policy({}, { entities: [/^NoSuch/] })).to.deep.equal(['error missing_column', 'error unexpected_column']);
  });
});
