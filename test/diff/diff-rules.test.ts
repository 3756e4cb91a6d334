/**
 * The rules of issue 10 on literal models, on both dialects' adapters: tables several metadatas
 * share, covered indexes, near-miss indexes, RESTRICT = NO ACTION, ON UPDATE of primary keys,
 * and a unique index standing in for a primary key.
 */
import { expect } from 'chai';
import { postgresAdapter } from '../../lib/dialects/postgres';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import { diffSchema } from '../../lib/diff/diff-schema';
import { mergeExpectedTables } from '../../lib/expected/merge-expected-tables';
import type { ExpectedColumn, ExpectedForeignKey, ExpectedIndex, ExpectedSchema, ExpectedTable } from '../../lib/model/expected';
import type { Finding } from '../../lib';
import type { ColumnModel, Dialect, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from '../../lib/model/schema';
import { expectedTable } from '../support/literal-models';

const OPTIONS = { reportUnexpectedTables: false, internalTables: [] };
const ADAPTERS = { postgres: postgresAdapter, sqlite: sqliteAdapter };

function column(name: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type: 'integer', displayType: 'integer', isArray: false, isNullable: false, ...extra };
}

function expectedColumn(entity: string, name: string, extra: Partial<ExpectedColumn> = {}): ExpectedColumn {
  return { ...column(name), property: `${entity}.${name}`, isJoinColumn: false, hasTransformer: false, isPrimary: false, ...extra };
}

function actualTable(name: string, extra: Partial<TableModel> = {}): TableModel {
  return { name, kind: 'table', columns: [], primaryKey: [], foreignKeys: [], indexes: [], checks: [], ...extra };
}

function fk(columns: string[], referencedTable: string, referencedColumns: string[], onDelete = 'no action', onUpdate = 'no action'): ForeignKeyModel {
  return { columns, referencedTable, referencedColumns, onDelete, onUpdate };
}

/** The referenced tables every key below points at: `parent` keyed by `id`, with a unique `code`. */
const PARENT = actualTable('parent', {
  columns: [column('id'), column('code', { type: 'text', displayType: 'text' })],
  primaryKey: ['id'],
  indexes: [{ columns: ['code'], isUnique: true }],
});

function diff(dialect: Dialect, expected: ExpectedTable[], actual: TableModel): Finding[] {
  const defaultSchema = dialect === 'postgres' ? 'public' : 'main';
  const merged = mergeExpectedTables(expected);
  const expectedSchema: ExpectedSchema = { dialect, defaultSchema, tables: new Map([[merged.name, merged]]) };
  const actualSchema: SchemaModel = { dialect, defaultSchema, tables: new Map([[actual.name, actual], ['parent', PARENT]]) };
  return diffSchema(expectedSchema, actualSchema, ADAPTERS[dialect], OPTIONS);
}

const tuples = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.code}${f.column ? ` ${f.column}` : ''}`).sort();

for (const dialect of ['postgres', 'sqlite'] as const) {
  describe(`diff rules (pure) on ${dialect}`, () => {
    describe('several metadatas over one table', () => {
      // `link` is mapped by the explicit entity Link and by the junction of Post.parents.
      const explicit = (extra: Partial<ExpectedTable> = {}) =>
        expectedTable('link', 'Link', {
          columns: [
            expectedColumn('Link', 'id', { isPrimary: true }),
            expectedColumn('Link', 'postId', { isNullable: true, type: 'text', displayType: 'text' }),
            expectedColumn('Link', 'parentId', { isJoinColumn: true, relation: 'Link.parent' }),
            expectedColumn('Link', 'note', { isNullable: true }),
          ],
          primaryKey: ['id'],
          foreignKeys: [{ ...fk(['parentId'], 'parent', ['id']), relation: 'Link.parent' }],
          indexes: [{ columns: ['parentId'], isUnique: false }],
          ...extra,
        });
      const junction = (extra: Partial<ExpectedTable> = {}) =>
        expectedTable('link', 'Post', {
          role: 'junction',
          relations: ['Post.parents'],
          columns: [
            expectedColumn('Post', 'postId', { isPrimary: true, isJoinColumn: true, relation: 'Post.parents' }),
            expectedColumn('Post', 'parentId', { isPrimary: true, isJoinColumn: true, relation: 'Post.parents' }),
            expectedColumn('Post', 'position', { isJoinColumn: true, relation: 'Post.parents' }),
          ],
          primaryKey: ['postId', 'parentId'],
          foreignKeys: [{ ...fk(['parentId'], 'parent', ['id'], 'cascade', 'cascade'), relation: 'Post.parents' }],
          indexes: [{ columns: ['parentId'], isUnique: false }],
          ...extra,
        });
      const database = (extra: Partial<TableModel> = {}) =>
        actualTable('link', {
          columns: [column('id'), column('postId', { type: 'text', displayType: 'text', isNullable: true }), column('parentId'), column('note', { isNullable: true }), column('position')],
          primaryKey: ['id'],
          foreignKeys: [fk(['parentId'], 'parent', ['id'])],
          indexes: [{ columns: ['parentId'], isUnique: false }],
          ...extra,
        });

      it('expects the union of the columns, explicit entity first, each declaration once', () => {
        const merged = mergeExpectedTables([junction(), explicit()]);
        expect(merged.entity).to.equal('Link');
        expect(merged.columns.map((c) => `${c.entity}.${c.name}`)).to.deep.equal(['Link.id', 'Link.postId', 'Link.parentId', 'Link.note', 'Post.position']);
        expect(merged.indexes).to.have.length(1);
        expect(merged.foreignKeys).to.have.length(1);
        expect(merged.foreignKeys[0].acceptedActions).to.deep.equal([{ onDelete: 'cascade', onUpdate: 'cascade' }]);
        expect(merged.acceptedPrimaryKeys).to.deep.equal([['postId', 'parentId']]);
        expect(merged.sharedBy!.map((m) => `${m.role} ${m.entity}`)).to.deep.equal(['entity Link', 'junction Post']);
      });

      it('reports nothing when the database holds the union, whichever declaration the keys follow', () => {
        expect(diff(dialect, [junction(), explicit()], database())).to.deep.equal([]);
        const junctionKeys = database({ primaryKey: ['postId', 'parentId'], foreignKeys: [fk(['parentId'], 'parent', ['id'], 'cascade', 'cascade')] });
        expect(diff(dialect, [explicit(), junction()], junctionKeys)).to.deep.equal([]);
      });

      it('compares a column both declare by the explicit entity only: no contradictory findings', () => {
        // The junction declares postId NOT NULL integer, the entity a nullable text; here the database follows the junction.
        const asJunction = database({ columns: database().columns.map((c) => (c.name === 'postId' ? column('postId') : c)) });
        const findings = diff(dialect, [junction(), explicit()], asJunction).filter((f) => f.column === 'postId');
        expect(findings.map((f) => f.code)).to.have.members([...new Set(findings.map((f) => f.code))]);
        expect(findings.map((f) => f.expected)).to.include('NULL');
        expect(findings.every((f) => f.entity === 'Link')).to.equal(true);
      });

      it('names the entity that maps a missing column, and only the loads that need it', () => {
        const withoutNote = database({ columns: database().columns.filter((c) => c.name !== 'note') });
        const [note] = diff(dialect, [junction(), explicit()], withoutNote);
        expect(note).to.include({ code: 'missing_column', severity: 'error', entity: 'Link', column: 'note' });
        expect(note.message).to.contain('every load of Link fails');
        const withoutPosition = database({ columns: database().columns.filter((c) => c.name !== 'position') });
        const [position] = diff(dialect, [junction(), explicit()], withoutPosition);
        expect(position).to.include({ code: 'missing_column', entity: 'Post', relation: 'Post.parents', column: 'position' });
        expect(position.message).to.contain('every load through Post.parents fails');
        const withoutParent = database({ columns: database().columns.filter((c) => c.name !== 'parentId') });
        const parent = diff(dialect, [junction(), explicit()], withoutParent).find((f) => f.column === 'parentId')!;
        expect(parent).to.include({ entity: 'Link', relation: 'Link.parent' });
        expect(parent.message).to.contain('every load of Link, and every load through Post.parents, fails');
      });

      it("reports a key matching no declaration against the explicit entity's", () => {
        const findings = diff(dialect, [junction(), explicit()], database({ primaryKey: ['note'], foreignKeys: [fk(['parentId'], 'parent', ['id'], 'set null')] }));
        expect(tuples(findings)).to.deep.equal(['error primary_key_mismatch', 'warning foreign_key_mismatch parentId']);
        expect(findings.find((f) => f.code === 'primary_key_mismatch')).to.include({ expected: '(id)', entity: 'Link' });
        expect(findings.find((f) => f.code === 'foreign_key_mismatch')).to.include({
          expected: 'ON DELETE NO ACTION ON UPDATE NO ACTION',
          entity: 'Link',
          relation: 'Link.parent',
        });
      });

      it('a missing shared table names every metadata that maps it', () => {
        const merged = mergeExpectedTables([junction(), explicit()]);
        const defaultSchema = dialect === 'postgres' ? 'public' : 'main';
        const [missing] = diffSchema(
          { dialect, defaultSchema, tables: new Map([['link', merged]]) },
          { dialect, defaultSchema, tables: new Map() },
          ADAPTERS[dialect],
          OPTIONS,
        );
        expect(missing).to.include({ code: 'missing_table', entity: 'Link' });
        expect(missing.message).to.contain('table of Link and junction table of Post.parents link does not exist');
      });

      it('merges two junctions and two entities over one table', () => {
        const other = junction({ entity: 'Tag', relations: ['Tag.parents'], columns: junction().columns.map((c) => ({ ...c, relation: 'Tag.parents' })) });
        const merged = mergeExpectedTables([junction(), other]);
        expect(merged.relations).to.deep.equal(['Post.parents', 'Tag.parents']);
        expect(merged.columns).to.have.length(3);
        expect(merged.indexes).to.have.length(1);
        const second = explicit({ entity: 'LinkView', columns: [expectedColumn('LinkView', 'id', { isPrimary: true }), expectedColumn('LinkView', 'extra')] });
        const entities = mergeExpectedTables([explicit(), second]);
        expect(entities.entity).to.equal('Link');
        expect(entities.columns.find((c) => c.name === 'extra')!.entity).to.equal('LinkView');
        const unexpected = diff(dialect, [explicit(), second], actualTable('link', { columns: [...database().columns, column('legacy', { isNullable: true })], primaryKey: ['id'], foreignKeys: database().foreignKeys, indexes: database().indexes }));
        const legacy = unexpected.find((f) => f.code === 'unexpected_column' && f.column === 'legacy')!;
        expect(legacy.message).to.contain('not mapped by Link and LinkView');
      });
    });

    describe('indexes', () => {
      const table = (indexes: ExpectedIndex[], actual: Partial<TableModel>) =>
        diff(
          dialect,
          [expectedTable('t', 'T', { columns: ['id', 'a', 'b'].map((n) => expectedColumn('T', n, { isNullable: n !== 'id' })), primaryKey: ['id'], indexes })],
          actualTable('t', { columns: [column('id'), column('a', { isNullable: true }), column('b', { isNullable: true })], primaryKey: ['id'], ...actual }),
        ).filter((f) => f.code === 'missing_index' || f.code === 'missing_unique');
      const index = (columns: string[], extra: Partial<IndexModel> = {}): IndexModel => ({ columns, isUnique: false, ...extra });

      it('a declared index is served by any index, unique or primary key that starts with its columns', () => {
        expect(table([index(['a'])], { indexes: [index(['a', 'b'])] })).to.deep.equal([]);
        expect(table([index(['a'])], { indexes: [index(['a', 'b'], { isUnique: true })] })).to.deep.equal([]);
        expect(table([index(['a'])], { primaryKey: ['a', 'b'] })).to.deep.equal([]);
        expect(table([index(['a', 'b'])], { indexes: [index(['a', 'b'], { isUnique: true, isConstraint: true })] })).to.deep.equal([]);
        // A full index serves every query a partial one would.
        expect(table([index(['a'], { where: 'b > 0' })], { indexes: [index(['a'])] })).to.deep.equal([]);
      });

      it('but not by one whose leading columns differ, nor by another partial one', () => {
        expect(tuples(table([index(['a'])], { indexes: [index(['b', 'a'])] }))).to.deep.equal(['warning missing_index a']);
        expect(tuples(table([index(['a', 'b'])], { indexes: [index(['a'])] }))).to.deep.equal(['warning missing_index a, b']);
        expect(tuples(table([index(['a'])], { indexes: [index(['a'], { where: 'b > 0' })] }))).to.deep.equal(['warning missing_index a']);
        expect(tuples(table([index(['a'])], { indexes: [index(['a'], { where: 'b IS NOT NULL' })] }))).to.deep.equal(['warning missing_index a']);
      });

      it('a partial index WHERE col IS NOT NULL on the leading column: info', () => {
        const [finding] = table([index(['a'])], { indexes: [index(['a', 'b'], { where: '("a" IS NOT NULL)' })] });
        expect(finding).to.include({ code: 'missing_index', severity: 'info' });
        expect(finding.message).to.contain('every equality lookup on a uses it');
        expect(tuples(table([index(['a'])], { indexes: [index(['a'], { where: 'a NOTNULL' })] }))).to.deep.equal(['info missing_index a']);
      });

      it('a unique declared partial, enforced on every row (unique index or primary key): a warning, stricter (some inserts fail)', () => {
        const declared = index(['a'], { isUnique: true, where: '"b" IS NULL' });
        const [full] = table([declared], { indexes: [index(['a'], { isUnique: true })] });
        expect(full).to.include({ code: 'missing_unique', severity: 'warning', actual: 'UNIQUE (a)' });
        expect(full.message).to.contain('stricter than declared');
        expect(tuples(table([declared], { primaryKey: ['a'] }))).to.deep.equal(['warning missing_unique a']);
        // A partial unique over another condition is weaker: duplicates can be stored.
        expect(tuples(table([declared], { indexes: [index(['a'], { isUnique: true, where: 'b > 0' })] }))).to.deep.equal(['warning missing_unique a']);
      });

      it('a unique declared full, enforced WHERE one of its columns IS NOT NULL: info, the same rule', () => {
        const declared = index(['a', 'b'], { isUnique: true });
        const [same] = table([declared], { indexes: [index(['b', 'a'], { isUnique: true, where: 'b IS NOT NULL' })] });
        expect(same).to.include({ code: 'missing_unique', severity: 'info' });
        expect(same.message).to.contain('rows with NULL never conflict');
        expect(tuples(table([declared], { indexes: [index(['a', 'b'], { isUnique: true, where: 'id IS NOT NULL' })] }))).to.deep.equal([
          'warning missing_unique a, b',
        ]);
      });
    });

    describe('foreign key actions', () => {
      const child = (declared: Partial<ExpectedForeignKey>, actual: ForeignKeyModel) =>
        diff(
          dialect,
          [expectedTable('child', 'Child', { columns: [expectedColumn('Child', 'id', { isPrimary: true }), expectedColumn('Child', 'ref')], primaryKey: ['id'], foreignKeys: [{ ...fk(['ref'], 'parent', ['id']), ...declared }] })],
          actualTable('child', { columns: [column('id'), column('ref')], primaryKey: ['id'], foreignKeys: [actual] }),
        ).filter((f) => f.code === 'foreign_key_mismatch');

      it('RESTRICT for NO ACTION on a non-deferrable key: info, saying they behave the same', () => {
        const [finding] = child({}, fk(['ref'], 'parent', ['id'], 'restrict', 'no action'));
        expect(finding).to.include({ code: 'foreign_key_mismatch', severity: 'info' });
        expect(finding.message).to.contain('RESTRICT and NO ACTION behave the same on a non-deferrable foreign key');
        expect(finding.fix).to.equal(undefined);
        expect(tuples(child({ onDelete: 'restrict' }, fk(['ref'], 'parent', ['id'])))).to.deep.equal(['info foreign_key_mismatch ref']);
      });

      it('RESTRICT for NO ACTION on a deferrable key: a warning (NO ACTION waits for the commit)', () => {
        expect(tuples(child({ isDeferrable: true }, fk(['ref'], 'parent', ['id'], 'restrict')))).to.deep.equal(['warning foreign_key_mismatch ref']);
      });

      it('ON UPDATE of a key referencing a primary key: info; of another unique key: a warning', () => {
        const [pk] = child({ onUpdate: 'cascade' }, fk(['ref'], 'parent', ['id']));
        expect(pk).to.include({ severity: 'info' });
        expect(pk.message).to.contain('only acts when a referenced primary key value changes');
        expect(tuples(child({ referencedColumns: ['code'], onUpdate: 'cascade' }, fk(['ref'], 'parent', ['code'])))).to.deep.equal([
          'warning foreign_key_mismatch ref',
        ]);
      });

      it('ON DELETE stays a warning, also beside a harmless ON UPDATE difference', () => {
        expect(tuples(child({ onDelete: 'cascade' }, fk(['ref'], 'parent', ['id'])))).to.deep.equal(['warning foreign_key_mismatch ref']);
        const [both] = child({ onDelete: 'cascade', onUpdate: 'cascade' }, fk(['ref'], 'parent', ['id'], 'no action', 'restrict'));
        expect(both.severity).to.equal('warning');
        expect(both.message).to.contain('ON DELETE NO ACTION (declared CASCADE)').and.contain('ON UPDATE RESTRICT (declared CASCADE)');
      });
    });

    describe('a unique index in place of the primary key', () => {
      const keyed = (actual: Partial<TableModel>) =>
        diff(
          dialect,
          [expectedTable('s', 'S', { columns: ['scope', 'name', 'value'].map((n) => expectedColumn('S', n, { isPrimary: n !== 'value' })), primaryKey: ['scope', 'name'] })],
          actualTable('s', { columns: [column('scope'), column('name'), column('value')], ...actual }),
        );
      const unique = (columns: string[], extra: Partial<IndexModel> = {}): IndexModel => ({ columns, isUnique: true, ...extra });

      it('no primary key, but a full unique index on exactly the key: a warning', () => {
        const [finding] = keyed({ indexes: [unique(['name', 'scope'])] });
        expect(finding).to.include({ code: 'primary_key_mismatch', severity: 'warning', actual: 'none; UNIQUE (name, scope)' });
        expect(finding.message).to.contain('still address one row each').and.not.contain('NULL');
      });

      it('says which rows cannot be addressed when a key column accepts NULL', () => {
        const [finding] = keyed({ columns: [column('scope', { isNullable: true }), column('name'), column('value')], indexes: [unique(['scope', 'name'])] });
        expect(finding.message).to.contain('except rows with NULL in scope');
      });

      it('no primary key and no unique index on the key: a warning naming upsert and repeated keys; another primary key stays an error', () => {
        for (const indexes of [[], [unique(['scope', 'name'], { where: 'value IS NULL' })], [unique(['scope', 'name'], { expression: 'lower(name)' })], [unique(['name'])]]) {
          const [finding] = keyed({ indexes }).filter((f) => f.code === 'primary_key_mismatch');
          expect(finding).to.include({ severity: 'warning', actual: 'none' });
          expect(finding.message).to.contain('upsert fails');
        }
        expect(tuples(keyed({ primaryKey: ['value'], indexes: [unique(['scope', 'name'])] }))).to.deep.equal(['error primary_key_mismatch']);
      });
    });
  });
}
