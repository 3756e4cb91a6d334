/**
 * The structured fields of every finding code, on literal models and both dialects' adapters:
 * what a program (a fix planner, a dashboard) reads instead of parsing `message`.
 */
import { expect } from 'chai';
import type { Finding, FindingCode, FindingOf } from '../../lib';
import { FINDING_CODES } from '../../lib';
import { postgresAdapter } from '../../lib/dialects/postgres';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import { applyPolicy } from '../../lib/diff/apply-policy';
import { diffSchema } from '../../lib/diff/diff-schema';
import type { ExpectedColumn, ExpectedTable } from '../../lib/model/expected';
import type { ColumnModel, Dialect, ForeignKeyModel, TableModel } from '../../lib/model/schema';
import { expectedTable } from '../support/literal-models';

const ADAPTERS = { postgres: postgresAdapter, sqlite: sqliteAdapter };

function column(name: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type: 'integer', displayType: 'integer', isArray: false, isNullable: false, ...extra };
}

function expectedColumn(name: string, extra: Partial<ExpectedColumn> = {}): ExpectedColumn {
  return { ...column(name), property: `Thing.${name}`, isJoinColumn: false, hasTransformer: false, isPrimary: name === 'id', ...extra };
}

function actualTable(name: string, extra: Partial<TableModel> = {}): TableModel {
  return { name, kind: 'table', columns: [column('id')], primaryKey: ['id'], foreignKeys: [], indexes: [], checks: [], ...extra };
}

function thing(extra: Partial<ExpectedTable> = {}): ExpectedTable {
  return expectedTable('thing', 'Thing', { columns: [expectedColumn('id')], primaryKey: ['id'], ...extra });
}

function fk(columns: string[], referencedTable: string, referencedColumns: string[], onDelete = 'no action', onUpdate = 'no action'): ForeignKeyModel {
  return { columns, referencedTable, referencedColumns, onDelete, onUpdate };
}

/** `parent`, keyed by a `character varying(255)` id, is what the foreign keys below reference. */
const PARENT = actualTable('parent', {
  columns: [column('id', { type: 'character varying', displayType: 'character varying(255)', length: 255 }), column('code')],
  indexes: [{ columns: ['code'], isUnique: true }],
});

/** Diffs the expected tables against the actual ones (plus `parent`), then applies an empty policy as validate does. */
function diff(dialect: Dialect, expected: ExpectedTable[], actual: TableModel[], reportUnexpectedTables = false): Finding[] {
  const defaultSchema = dialect === 'postgres' ? 'public' : 'main';
  const findings = diffSchema(
    { dialect, defaultSchema, tables: new Map(expected.map((table) => [table.name, table])) },
    { dialect, defaultSchema, tables: new Map([...actual, PARENT].map((table) => [table.name, table])) },
    ADAPTERS[dialect],
    { reportUnexpectedTables, internalTables: [] },
  );
  return applyPolicy(findings, { severity: {}, ignore: { tables: [], columns: [], codes: [] } });
}

function only<C extends FindingCode>(findings: Finding[], code: C): FindingOf<C> {
  const found = findings.filter((finding): finding is FindingOf<C> => finding.code === code);
  expect(found, `${code} in ${JSON.stringify(findings)}`).to.have.length(1);
  return found[0];
}

describe('finding fields (pure)', () => {
  it('the Finding union has one member per code, and FindingOf picks it', () => {
    // Compiles only while every code of FINDING_CODES has its interface in the union.
    const covered: Record<FindingCode, true> = Object.fromEntries(FINDING_CODES.map((code) => [code, true])) as Record<Finding['code'], true>;
    expect(Object.keys(covered)).to.have.length(FINDING_CODES.length);
    const finding: FindingOf<'type_mismatch'> = { code: 'type_mismatch', severity: 'warning', table: 't', column: 'c', message: 'm', differences: ['length'] };
    expect(finding.differences).to.deep.equal(['length']);
  });

  for (const dialect of ['postgres', 'sqlite'] as const) {
    describe(`on ${dialect}`, () => {
      it('missing_table: the role, and a name that differs only in case', () => {
        const junction = expectedTable('thing_tags', 'Thing', { role: 'junction', relations: ['Thing.tags'], columns: [expectedColumn('thingId')] });
        const findings = diff(dialect, [thing()], [actualTable('Thing')]);
        if (dialect === 'postgres') {
          expect(only(findings, 'missing_table')).to.deep.include({ table: 'thing', role: 'entity', similarName: 'Thing' });
        } else {
          // SQLite folds the case of names, as SQLite does: the table is there.
          expect(findings).to.deep.equal([]);
        }
        const missingJunction = diff(dialect, [junction], []).find((f): f is FindingOf<'missing_table'> => f.code === 'missing_table')!;
        expect(missingJunction).to.deep.include({ role: 'junction', relation: 'Thing.tags' });
        expect(missingJunction).not.to.have.property('similarName');
      });

      it('missing_view and unexpected_table', () => {
        const view = expectedTable('thing_view', 'ThingView', { kind: 'view', role: 'view', columns: [expectedColumn('id')] });
        expect(only(diff(dialect, [view], []), 'missing_view')).to.deep.include({ table: 'thing_view', entity: 'ThingView' });
        const extra = diff(dialect, [thing()], [actualTable('thing'), actualTable('legacy')], true).filter((f) => f.code === 'unexpected_table');
        expect(extra.map((f) => f.table)).to.deep.equal(['legacy', 'parent']);
        expect(Object.keys(extra[0]).sort()).to.deep.equal(['code', 'message', 'severity', 'table']);
      });

      it('missing_column: whose loads fail', () => {
        const loaded = thing({ columns: [expectedColumn('id'), expectedColumn('size')], loadedThrough: ['Box.things'] });
        const missing = only(diff(dialect, [loaded], [actualTable('thing')]), 'missing_column');
        expect(missing).to.deep.include({ column: 'size', failingEntities: ['Thing'], failingRelations: ['Box.things'] });
        expect(missing).not.to.have.property('similarName');
      });

      it('unexpected_column: what the database column is', () => {
        const blocking = only(diff(dialect, [thing()], [actualTable('thing', { columns: [column('id'), column('legacy')] })]), 'unexpected_column');
        expect(blocking).to.deep.include({ severity: 'error', column: 'legacy', isNullable: false, hasDefault: false, isGenerated: false });
        const harmless = only(diff(dialect, [thing()], [actualTable('thing', { columns: [column('id'), column('legacy', { default: '0' })] })]), 'unexpected_column');
        expect(harmless).to.deep.include({ severity: 'info', isNullable: false, hasDefault: true, isGenerated: false });
      });

      it('type_mismatch: which properties of the type differ', () => {
        const declared = (extra: Partial<ExpectedColumn>) => thing({ columns: [expectedColumn('id'), expectedColumn('title', extra)] });
        const database = (extra: Partial<ColumnModel>) => [actualTable('thing', { columns: [column('id'), column('title', extra)] })];
        const number = only(diff(dialect, [declared({})], database({ type: 'text', displayType: 'text' })), 'type_mismatch');
        expect(number).to.deep.include({ severity: 'error', column: 'title', differences: ['type'], expected: 'integer', actual: 'text' });
        if (dialect === 'postgres') {
          const varchar = { type: 'character varying', displayType: 'character varying(100)', length: 100 };
          const length = only(diff(dialect, [declared(varchar)], database({ ...varchar, displayType: 'character varying(255)', length: 255 })), 'type_mismatch');
          expect(length).to.deep.include({ severity: 'warning', differences: ['length'] });
          expect(length.message).to.contain('(length 100 vs 255)');
          const numeric = { type: 'numeric', displayType: 'numeric(10,2)', precision: 10, scale: 2 };
          const scale = only(diff(dialect, [declared(numeric)], database({ ...numeric, displayType: 'numeric(12,4)', precision: 12, scale: 4 })), 'type_mismatch');
          expect(scale.differences).to.deep.equal(['precision', 'scale']);
          const array = only(diff(dialect, [declared({ isArray: true, displayType: 'integer[]' })], database({})), 'type_mismatch');
          expect(array).to.deep.include({ severity: 'error', differences: ['array'] });
          expect(array.message).to.contain('(array vs scalar)');
        } else {
          expect(number.message).to.contain('declared text (TEXT affinity) where the entity has integer (INTEGER affinity); numbers come back as strings');
        }
      });

      it('enum_mismatch: the values missing, extra and out of order', () => {
        const declared = thing({ columns: [expectedColumn('id'), expectedColumn('state', { type: 'enum', enumValues: ['a', 'b', 'c'] })] });
        const database = (values: string[]) => [
          actualTable('thing', { columns: [column('id'), column('state', { type: 'enum', enumValues: values, enumName: dialect === 'postgres' ? 'thing_state_enum' : undefined })] }),
        ];
        const missing = only(diff(dialect, [declared], database(['a', 'x'])), 'enum_mismatch');
        expect(missing).to.deep.include({ severity: 'error', missing: ['b', 'c'], extra: ['x'], orderDiffers: false, expectedValues: ['a', 'b', 'c'], actualValues: ['a', 'x'] });
        const extra = only(diff(dialect, [declared], database(['a', 'b', 'c', 'd'])), 'enum_mismatch');
        expect(extra).to.deep.include({ severity: 'warning', missing: [], extra: ['d'] });
        const reordered = diff(dialect, [declared], database(['c', 'a', 'b'])).filter((f) => f.code === 'enum_mismatch');
        if (dialect === 'postgres') {
          expect(reordered).to.have.length(1);
          expect(reordered[0]).to.deep.include({ severity: 'info', missing: [], extra: [], orderDiffers: true, enumName: 'thing_state_enum' });
          expect(missing.enumName).to.equal('thing_state_enum');
        } else {
          expect(reordered).to.deep.equal([]);
        }
      });

      it('nullability_mismatch: which side accepts NULL', () => {
        const declared = (extra: Partial<ExpectedColumn>) => thing({ columns: [expectedColumn('id'), expectedColumn('note', extra)] });
        const database = (isNullable: boolean) => [actualTable('thing', { columns: [column('id'), column('note', { isNullable })] })];
        expect(only(diff(dialect, [declared({ isNullable: true })], database(false)), 'nullability_mismatch')).to.deep.include({
          severity: 'warning',
          direction: 'database_requires_value',
          isJoinColumn: false,
        });
        expect(only(diff(dialect, [declared({ isNullable: true, isJoinColumn: true, relation: 'Thing.parent' })], database(false)), 'nullability_mismatch')).to.deep.include({
          severity: 'info',
          direction: 'database_requires_value',
          isJoinColumn: true,
        });
        expect(only(diff(dialect, [declared({ isNullable: false })], database(true)), 'nullability_mismatch')).to.deep.include({
          severity: 'warning',
          direction: 'database_allows_null',
        });
      });

      it('default_mismatch: both defaults, absent where there is none', () => {
        const declared = (extra: Partial<ExpectedColumn>) => thing({ columns: [expectedColumn('id'), expectedColumn('rank', extra)] });
        const database = (extra: Partial<ColumnModel>) => [actualTable('thing', { columns: [column('id'), column('rank', extra)] })];
        expect(only(diff(dialect, [declared({ default: '1' })], database({ default: '2' })), 'default_mismatch')).to.deep.include({
          severity: 'warning',
          expectedDefault: '1',
          actualDefault: '2',
        });
        const none = only(diff(dialect, [declared({ default: '1' })], database({})), 'default_mismatch');
        expect(none).to.deep.include({ expectedDefault: '1' }).and.not.to.have.property('actualDefault');
        const undeclared = only(diff(dialect, [declared({})], database({ default: '2' })), 'default_mismatch');
        expect(undeclared).to.deep.include({ severity: 'info', actualDefault: '2' }).and.not.to.have.property('expectedDefault');
      });

      it('generated_mismatch: how each side generates the value', () => {
        const declared = (extra: Partial<ExpectedColumn>) => thing({ columns: [expectedColumn('id'), expectedColumn('total', extra)] });
        const database = (extra: Partial<ColumnModel>) => [actualTable('thing', { columns: [column('id'), column('total', extra)] })];
        expect(only(diff(dialect, [declared({ generation: 'increment' })], database({})), 'generated_mismatch')).to.deep.include({
          severity: 'error',
          expectedGeneration: 'increment',
          actualGeneration: 'none',
        });
        expect(only(diff(dialect, [declared({})], database({ generation: 'computed', generationExpression: 'id * 2' })), 'generated_mismatch')).to.deep.include({
          severity: 'error',
          expectedGeneration: 'none',
          actualGeneration: 'computed',
          actualExpression: 'id * 2',
        });
        expect(only(diff(dialect, [declared({ generation: 'computed', generationExpression: 'id * 2' })], database({})), 'generated_mismatch')).to.deep.include({
          severity: 'warning',
          expectedGeneration: 'computed',
          expectedExpression: 'id * 2',
          actualGeneration: 'none',
        });
      });

      it('primary_key_mismatch: both key column lists, and the unique index standing in', () => {
        const declared = thing({ columns: [expectedColumn('id'), expectedColumn('code')] });
        const columns = [column('id'), column('code')];
        expect(only(diff(dialect, [declared], [actualTable('thing', { columns, primaryKey: ['code'] })]), 'primary_key_mismatch')).to.deep.include({
          severity: 'error',
          expectedColumns: ['id'],
          actualColumns: ['code'],
        });
        const substitute = only(diff(dialect, [declared], [actualTable('thing', { columns, primaryKey: [], indexes: [{ columns: ['id'], isUnique: true }] })]), 'primary_key_mismatch');
        expect(substitute).to.deep.include({ severity: 'warning', expectedColumns: ['id'], actualColumns: [], uniqueIndexColumns: ['id'] });
        const none = only(diff(dialect, [declared], [actualTable('thing', { columns, primaryKey: [] })]), 'primary_key_mismatch');
        expect(none).to.deep.include({ actualColumns: [] }).and.not.to.have.property('uniqueIndexColumns');
      });

      describe('foreign keys', () => {
        const declared = (key: ForeignKeyModel) =>
          thing({
            columns: [expectedColumn('id'), expectedColumn('parentId', { type: 'character varying', displayType: 'character varying(255)', length: 255, isJoinColumn: true, relation: 'Thing.parent' })],
            foreignKeys: [{ ...key, relation: 'Thing.parent' }],
          });
        const database = (keys: ForeignKeyModel[], parentId: Partial<ColumnModel> = {}) => [
          actualTable('thing', {
            columns: [column('id'), column('parentId', { type: 'character varying', displayType: 'character varying(255)', length: 255, ...parentId })],
            foreignKeys: keys,
          }),
        ];

        it('missing_foreign_key: the declared key', () => {
          expect(only(diff(dialect, [declared(fk(['parentId'], 'parent', ['id'], 'cascade'))], database([])), 'missing_foreign_key')).to.deep.include({
            relation: 'Thing.parent',
            columns: ['parentId'],
            target: { table: 'parent', columns: ['id'] },
            onDelete: 'cascade',
            onUpdate: 'no action',
          });
        });

        it('foreign_key_mismatch: each differing action, and the other target', () => {
          const actions = only(
            diff(dialect, [declared(fk(['parentId'], 'parent', ['id'], 'cascade', 'restrict'))], database([{ ...fk(['parentId'], 'parent', ['id'], 'set null', 'no action'), name: 'FK_1' }])),
            'foreign_key_mismatch',
          );
          expect(actions).to.deep.include({
            severity: 'warning',
            columns: ['parentId'],
            target: { table: 'parent', columns: ['id'] },
            changes: [
              { event: 'delete', expected: 'cascade', actual: 'set null' },
              { event: 'update', expected: 'restrict', actual: 'no action' },
            ],
            constraintName: 'FK_1',
          });
          expect(actions).not.to.have.property('actualTarget');
          const target = only(diff(dialect, [declared(fk(['parentId'], 'parent', ['id']))], database([fk(['parentId'], 'parent', ['code'])])), 'foreign_key_mismatch');
          expect(target).to.deep.include({ target: { table: 'parent', columns: ['id'] }, actualTarget: { table: 'parent', columns: ['code'] }, changes: [] });
        });

        it('foreign_key_type_mismatch (PostgreSQL): the referenced column and what differs', () => {
          const findings = diff(dialect, [declared(fk(['parentId'], 'parent', ['id']))], database([fk(['parentId'], 'parent', ['id'])], { type: 'uuid', displayType: 'uuid', length: undefined }));
          const conflicts = findings.filter((f) => f.code === 'foreign_key_type_mismatch');
          if (dialect === 'sqlite') return void expect(conflicts).to.deep.equal([]);
          expect(conflicts).to.have.length(1);
          expect(conflicts[0]).to.deep.include({
            column: 'parentId',
            referencedTable: 'parent',
            referencedColumn: 'id',
            referencedType: 'character varying(255)',
            differences: ['type'],
          });
        });
      });

      describe('indexes and checks', () => {
        const declared = (extra: Partial<ExpectedTable>) => thing({ columns: ['id', 'a', 'b'].map((name) => expectedColumn(name, { isNullable: name !== 'id' })), ...extra });
        const database = (extra: Partial<TableModel>) => [actualTable('thing', { columns: [column('id'), column('a', { isNullable: true }), column('b', { isNullable: true })], ...extra })];

        it('missing_index: the declared columns, name and WHERE, and the partial index that nearly serves it', () => {
          const missing = only(diff(dialect, [declared({ indexes: [{ name: 'IDX_a', columns: ['a', 'b'], isUnique: false, where: 'b > 0' }] })], database({})), 'missing_index');
          expect(missing).to.deep.include({ columns: ['a', 'b'], where: 'b > 0', indexName: 'IDX_a' }).and.not.to.have.property('nearMatch');
          const partial = only(diff(dialect, [declared({ indexes: [{ columns: ['a'], isUnique: false }] })], database({ indexes: [{ columns: ['a'], isUnique: false, where: '"a" IS NOT NULL' }] })), 'missing_index');
          expect(partial).to.deep.include({ severity: 'info', columns: ['a'], nearMatch: { kind: 'index', columns: ['a'], isUnique: false, where: '"a" IS NOT NULL' } });
        });

        it('missing_unique: the stricter full unique or primary key that nearly serves a partial one', () => {
          const unique = { columns: ['a'], isUnique: true, where: 'b IS NULL' };
          expect(only(diff(dialect, [declared({ indexes: [unique] })], database({})), 'missing_unique')).to.deep.include({ severity: 'warning', columns: ['a'], where: 'b IS NULL' });
          const full = only(diff(dialect, [declared({ indexes: [unique] })], database({ indexes: [{ columns: ['a'], isUnique: true }] })), 'missing_unique');
          expect(full).to.deep.include({ severity: 'warning', nearMatch: { kind: 'index', columns: ['a'], isUnique: true } });
          const key = only(diff(dialect, [declared({ indexes: [{ ...unique, columns: ['id'] }] })], database({})), 'missing_unique');
          expect(key.nearMatch).to.deep.equal({ kind: 'primary_key', columns: ['id'], isUnique: true });
        });

        it('missing_check: the expression and name', () => {
          const check = only(diff(dialect, [declared({ checks: [{ name: 'CHK_a', expression: 'a > 0' }] })], database({})), 'missing_check');
          expect(check).to.deep.include({ expression: 'a > 0', checkName: 'CHK_a' });
        });

        it('invalid_index: the index, and the declaration it leaves unserved', () => {
          const invalid = { name: 'IDX_a', columns: ['a'], isUnique: true, isValid: false };
          const findings = diff(dialect, [declared({ indexes: [{ columns: ['a'], isUnique: true }] })], database({ indexes: [invalid] }));
          expect(findings.map((f) => f.code)).to.deep.equal(['invalid_index']);
          expect(findings[0]).to.deep.include({ severity: 'warning', indexName: 'IDX_a', columns: ['a'], isUnique: true, declaredColumns: ['a'] });
          const undeclared = only(diff(dialect, [declared({})], database({ indexes: [{ ...invalid, isUnique: false, where: 'b > 0' }] })), 'invalid_index');
          expect(undeclared).to.deep.include({ severity: 'info', isUnique: false, where: 'b > 0' }).and.not.to.have.property('declaredColumns');
        });
      });

      it('insufficient_privilege has the shared fields only', () => {
        const denied = only(diff(dialect, [thing()], [actualTable('thing', { isReadable: false })]), 'insufficient_privilege');
        expect(Object.keys(denied).sort()).to.deep.equal(['code', 'entity', 'message', 'severity', 'table']);
      });

      it('shares no array with the models, which are cached and reused', () => {
        const declared = thing({
          columns: [expectedColumn('id'), expectedColumn('parentId', { type: 'character varying', displayType: 'character varying(255)', length: 255 })],
          foreignKeys: [fk(['parentId'], 'parent', ['id'])],
          indexes: [{ columns: ['parentId'], isUnique: false }],
          loadedThrough: ['Box.things'],
        });
        const database = actualTable('thing', { columns: [column('id'), column('parentId', { type: 'character varying', displayType: 'character varying(255)', length: 255 })], primaryKey: ['parentId'] });
        const findings = diff(dialect, [declared], [database]);
        for (const finding of findings) {
          for (const value of Object.values(finding)) if (Array.isArray(value)) value.push('mutated');
          if (finding.code === 'missing_foreign_key') finding.target.columns.push('mutated');
        }
        expect(findings.map((f) => f.code).sort()).to.deep.equal(['missing_foreign_key', 'primary_key_mismatch']);
        expect(JSON.stringify([declared, database, PARENT])).not.to.contain('mutated');
      });

      it('keeps the shared fields first in the JSON, in one order', () => {
        const [finding] = diff(dialect, [thing({ columns: [expectedColumn('id'), expectedColumn('size')] })], [actualTable('thing')]);
        expect(Object.keys(finding)).to.deep.equal(['code', 'severity', 'table', 'column', 'entity', 'expected', 'message', 'failingEntities', 'failingRelations']);
      });
    });
  }
});
