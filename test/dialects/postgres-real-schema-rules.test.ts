/**
 * PostgreSQL rules learned on migration-built schemas (issue 10), on literal values: clock
 * defaults, DEFAULT NULL, text = varchar, string properties over number columns, simple-json over
 * json/jsonb, 63-byte identifiers. The same rules on a real database: postgres-real-schema.test.ts.
 */
import { expect } from 'chai';
import { postgresAdapter, truncateExpectedIdentifiers, truncatePostgresIdentifier } from '../../lib/dialects/postgres';
import { describeTypeComparison } from '../../lib/diff/describe-type-comparison';
import { declaredDefault } from '../../lib/expected/declared-default';
import type { ColumnMeta, DriverLike } from '../../lib/typeorm/typeorm-shapes';
import type { ExpectedColumn, ExpectedSchema, ExpectedTable } from '../../lib/model/expected';
import type { ColumnModel } from '../../lib/model/schema';
import { expectedTable } from '../support/literal-models';

function col(type: string, extra: Partial<ExpectedColumn> = {}): ExpectedColumn {
  return { name: 'c', type, displayType: type, isArray: false, isNullable: true, isJoinColumn: false, hasTransformer: false, isPrimary: false, ...extra };
}

const { compareTypes, normalizeDefault } = postgresAdapter;

describe('postgres rules: clock defaults', () => {
  const same = (a: string, b: string, column: ColumnModel) =>
    expect(normalizeDefault(a, column), `${a} vs ${b} in ${column.type}(${column.precision ?? ''})`).to.equal(normalizeDefault(b, column));
  const different = (a: string, b: string, column: ColumnModel) =>
    expect(normalizeDefault(a, column), `${a} vs ${b} in ${column.type}(${column.precision ?? ''})`).to.not.equal(normalizeDefault(b, column));
  const tz3 = col('timestamp with time zone', { precision: 3 });
  const tz = col('timestamp with time zone');
  const ts3 = col('timestamp without time zone', { precision: 3 });
  const ts = col('timestamp without time zone');

  it("equates CURRENT_TIMESTAMP(3), TypeORM's ('now'::text)::timestamp(3) with time zone and now() in a timestamptz(3) column", () => {
    same('CURRENT_TIMESTAMP(3)', "('now'::text)::timestamp(3) with time zone", tz3);
    same('CURRENT_TIMESTAMP(3)', 'now()', tz3);
    same('current_timestamp( 3 )', '(CURRENT_TIMESTAMP(3))', tz3);
    same('CURRENT_TIMESTAMP', "('now'::text)::timestamp with time zone", tz3);
    same('now()', "'now'::text::timestamptz(3)", tz3);
    expect(normalizeDefault('CURRENT_TIMESTAMP(3)', tz3)).to.equal('now()');
  });

  it('keeps a rounded clock apart from now() where the column keeps more digits, or rounds twice', () => {
    // timestamptz is timestamptz(6): CURRENT_TIMESTAMP(3) stores milliseconds only.
    different('CURRENT_TIMESTAMP(3)', 'now()', tz);
    same('CURRENT_TIMESTAMP(3)', "('now'::text)::timestamp(3) with time zone", tz);
    same('CURRENT_TIMESTAMP(6)', 'now()', tz);
    same('CURRENT_TIMESTAMP(6)', 'now()', tz3);
    // Rounded to 4 digits, then to 3 by the column: not always now() rounded to 3.
    different('CURRENT_TIMESTAMP(4)', 'now()', tz3);
    different('CURRENT_TIMESTAMP(3)', 'CURRENT_TIMESTAMP(2)', tz);
  });

  it('equates LOCALTIMESTAMP and now() only in a timestamp without time zone column', () => {
    same('LOCALTIMESTAMP', 'now()', ts);
    same('LOCALTIMESTAMP(3)', 'CURRENT_TIMESTAMP(3)', ts3);
    same('LOCALTIMESTAMP(3)', 'now()', ts3);
    same("('now'::text)::timestamp(3) without time zone", 'LOCALTIMESTAMP(3)', ts);
    same("('now'::text)::timestamp(3) without time zone", 'CURRENT_TIMESTAMP(3)', ts);
    // Converted back from local time, LOCALTIMESTAMP is ambiguous in the hour a DST change repeats.
    different('LOCALTIMESTAMP', 'now()', tz);
    different('LOCALTIMESTAMP(3)', 'CURRENT_TIMESTAMP(3)', tz3);
  });

  it('equates the clocks that store the same time of day or date', () => {
    same('CURRENT_TIME', 'now()', col('time with time zone'));
    different('LOCALTIME', 'now()', col('time with time zone'));
    same('LOCALTIME', 'now()', col('time without time zone'));
    same('CURRENT_TIME(2)', 'LOCALTIME(2)', col('time without time zone', { precision: 2 }));
    same('CURRENT_DATE', 'now()', col('date'));
    same("('now'::text)::date", 'LOCALTIMESTAMP', col('date'));
    // Rounding to milliseconds can carry into the next day.
    different('CURRENT_TIMESTAMP(3)', 'CURRENT_DATE', col('date'));
    different('CURRENT_DATE', 'now()', tz);
  });

  it('keeps constants and other clocks apart', () => {
    // 'now' without the text cast is evaluated once, when the default is created.
    different("'2026-12-01 21:21:23.650695+00'::timestamp with time zone", 'now()', tz);
    different('statement_timestamp()', 'now()', tz);
    different('clock_timestamp()', 'now()', tz);
    expect(normalizeDefault('now()', col('text'))).to.equal('now()');
    expect(normalizeDefault('LOCALTIMESTAMP', col('text'))).to.equal('localtimestamp');
  });
});

describe('postgres rules: DEFAULT NULL', () => {
  it('is no default, with any cast', () => {
    for (const text of ['NULL', 'null', '(NULL)', 'NULL::character varying', 'NULL::"char"', '(NULL)::integer[]', 'NULL::timestamp with time zone']) {
      expect(normalizeDefault(text, col('character varying')), text).to.equal(undefined);
    }
    expect(normalizeDefault("'NULL'::character varying", col('character varying'))).to.equal("'NULL'");
    expect(normalizeDefault('nullif(a, b)', col('text'))).to.not.equal(undefined);
  });
});

describe('postgres rules: the declared default, rendered without TypeORM', () => {
  const driver = {
    normalizeDefault: () => {
      throw new Error('not used on PostgreSQL');
    },
  } as unknown as DriverLike;
  const meta = (value: unknown, extra: Partial<ColumnMeta> = {}) => ({ default: value, isArray: false, ...extra }) as ColumnMeta;

  it('renders each kind of default as SQL text', () => {
    expect(declaredDefault(meta(() => 'CURRENT_TIMESTAMP(3)'), driver, 'postgres')).to.equal('CURRENT_TIMESTAMP(3)');
    expect(declaredDefault(meta("it's"), driver, 'postgres')).to.equal("'it''s'");
    expect(declaredDefault(meta(42), driver, 'postgres')).to.equal("'42'");
    expect(declaredDefault(meta(false), driver, 'postgres')).to.equal('false');
    expect(declaredDefault(meta({ a: "o'k" }), driver, 'postgres')).to.equal(`'{"a":"o''k"}'`);
    expect(declaredDefault(meta(['a', 'b'], { isArray: true }), driver, 'postgres')).to.equal("'{a,b}'");
    expect(declaredDefault(meta(null), driver, 'postgres')).to.equal(undefined);
    expect(declaredDefault(meta(undefined), driver, 'postgres')).to.equal(undefined);
  });

  it("is TypeORM's on SQLite", () => {
    const sqliteDriver = { normalizeDefault: () => "'x'" } as unknown as DriverLike;
    expect(declaredDefault(meta('y'), sqliteDriver, 'sqlite')).to.equal("'x'");
  });
});

describe('postgres rules: text and varchar', () => {
  it('are the same type when the varchar has no length', () => {
    expect(compareTypes(col('character varying'), col('text'))).to.deep.equal({ verdict: 'same', differences: [] });
    expect(compareTypes(col('text'), col('character varying'))).to.deep.equal({ verdict: 'same', differences: [] });
    expect(compareTypes(col('varchar'), col('text'))).to.deep.equal({ verdict: 'same', differences: [] });
  });

  it('differ by the length only, and a key of one joins the other', () => {
    // Writes longer than 100 characters fail, or are no longer refused.
    const narrower = compareTypes(col('text'), col('character varying', { length: 100 }));
    expect(narrower).to.deep.include({ verdict: 'compatible', differences: ['type'], isSameKeyType: true });
    expect(describeTypeComparison(narrower)).to.equal('text vs character varying');
    expect(compareTypes(col('character varying', { length: 255 }), col('text'))).to.include({ verdict: 'compatible', isSameKeyType: true });
  });

  it('are still not uuid, integer or char', () => {
    expect(compareTypes(col('uuid'), col('character varying')).isSameKeyType).to.equal(undefined);
    expect(compareTypes(col('integer'), col('character varying')).verdict).to.equal('incompatible');
    expect(compareTypes(col('character'), col('text')).isSameKeyType).to.equal(undefined);
    expect(compareTypes(col('citext'), col('text')).isSameKeyType).to.equal(undefined);
  });
});

describe('postgres rules: string properties over number columns', () => {
  it('are a warning that says which strings fail', () => {
    for (const [declared, actual] of [
      ['character varying', 'integer'],
      ['text', 'bigint'],
      ['varchar', 'smallint'],
      ['character varying', 'numeric'],
    ]) {
      const result = compareTypes(col(declared), col(actual));
      expect(result.verdict, `${declared} over ${actual}`).to.equal('compatible');
      expect(result.differences).to.deep.equal(['type']);
      expect(result.note).to.match(/fails/);
    }
    expect(compareTypes(col('character varying'), col('integer')).note).to.include("'abc'");
    expect(describeTypeComparison(compareTypes(col('character varying'), col('integer')))).to.match(/^character varying vs integer; the server converts/);
  });

  it('stay errors where no string works, or for the reverse', () => {
    expect(compareTypes(col('uuid'), col('integer')).verdict).to.equal('incompatible');
    expect(compareTypes(col('integer'), col('text')).verdict).to.equal('incompatible');
    expect(compareTypes(col('boolean'), col('integer')).verdict).to.equal('incompatible');
  });
});

describe('postgres rules: simple-json over json and jsonb', () => {
  it('round-trips: a warning at most', () => {
    // TypeORM maps simple-json to text; the declared type tells them apart.
    expect(compareTypes(col('text', { entityType: 'simple-json' }), col('jsonb'))).to.include({ verdict: 'compatible' });
    const overJson = compareTypes(col('text', { entityType: 'simple-json' }), col('json'));
    expect(overJson.note).to.match(/round-trip/);
    expect(describeTypeComparison(overJson)).to.match(/^simple-json vs json; TypeORM writes JSON text/);
    // A plain text property over jsonb: any non-JSON string fails, and reads return objects.
    expect(compareTypes(col('text'), col('jsonb')).verdict).to.equal('incompatible');
    expect(compareTypes(col('text', { entityType: 'text' }), col('jsonb')).verdict).to.equal('incompatible');
  });
});

describe('postgres rules: 63-byte identifiers', () => {
  it('truncates to 63 bytes of UTF-8, on a character boundary', () => {
    expect(truncatePostgresIdentifier('short')).to.equal('short');
    expect(truncatePostgresIdentifier('a'.repeat(63))).to.equal('a'.repeat(63));
    expect(truncatePostgresIdentifier('a'.repeat(75))).to.equal('a'.repeat(63));
    // é is 2 bytes: 31 of them are 62 bytes, a 32nd would make 64.
    expect(truncatePostgresIdentifier('é'.repeat(40))).to.equal('é'.repeat(31));
    expect(truncatePostgresIdentifier(`${'a'.repeat(62)}é`)).to.equal('a'.repeat(62));
    // 😀 is 4 bytes (two UTF-16 units): 15 of them are 60 bytes.
    expect(truncatePostgresIdentifier('😀'.repeat(20))).to.equal('😀'.repeat(15));
  });

  it('renames tables, columns, keys, indexes and enum types of the expected schema, and its keys', () => {
    const long = (prefix: string) => `${prefix}_${'x'.repeat(70)}`;
    const cut = truncatePostgresIdentifier;
    const table = (name: string, extra: Partial<ExpectedTable> = {}): ExpectedTable => expectedTable(name, name, extra);
    const parent = table(long('parent'), {
      schema: long('s'),
      columns: [col('enum', { name: long('kind'), enumName: `${long('s')}.${long('enum')}`, displayType: `"${long('s')}"."${long('enum')}"` })],
      primaryKey: [long('kind')],
    });
    const child = table('child', {
      columns: [col('integer', { name: long('parent_ref') })],
      foreignKeys: [
        { name: long('FK'), columns: [long('parent_ref')], referencedTable: `${long('s')}.${long('parent')}`, referencedColumns: [long('kind')], onDelete: 'no action', onUpdate: 'no action' },
      ],
      indexes: [{ name: long('IDX'), columns: [long('parent_ref')], isUnique: false }],
    });
    const schema: ExpectedSchema = {
      dialect: 'postgres',
      defaultSchema: 'public',
      tables: new Map([
        [`${long('s')}.${long('parent')}`, parent],
        ['child', child],
      ]),
    };
    const result = truncateExpectedIdentifiers(schema);
    const parentKey = `${cut(long('s'))}.${cut(long('parent'))}`;
    expect([...result.tables.keys()]).to.deep.equal([parentKey, 'child']);
    const newParent = result.tables.get(parentKey)!;
    expect(newParent.columns[0].name).to.equal(cut(long('kind')));
    expect(newParent.columns[0].enumName).to.equal(`${cut(long('s'))}.${cut(long('enum'))}`);
    expect(newParent.columns[0].displayType).to.equal(`"${cut(long('s'))}"."${cut(long('enum'))}"`);
    expect(newParent.primaryKey).to.deep.equal([cut(long('kind'))]);
    const newChild = result.tables.get('child')!;
    expect(newChild.foreignKeys[0]).to.include({ name: cut(long('FK')), referencedTable: parentKey });
    expect(newChild.foreignKeys[0].columns).to.deep.equal([cut(long('parent_ref'))]);
    expect(newChild.indexes[0]).to.deep.include({ name: cut(long('IDX')), columns: [cut(long('parent_ref'))] });
    // The input is not changed, and a schema without long names comes back as it is.
    expect(schema.tables.get('child')!.columns[0].name).to.equal(long('parent_ref'));
    const short: ExpectedSchema = { dialect: 'postgres', defaultSchema: 'public', tables: new Map([['t', table('t')]]) };
    expect(truncateExpectedIdentifiers(short)).to.equal(short);
    // Counted in bytes: 31 × é is 62 bytes and fits, 32 × é is 64 and does not.
    const fits: ExpectedSchema = { ...short, tables: new Map([['é'.repeat(31), table('é'.repeat(31))]]) };
    expect(truncateExpectedIdentifiers(fits)).to.equal(fits);
    const over: ExpectedSchema = { ...short, tables: new Map([['é'.repeat(32), table('é'.repeat(32))]]) };
    expect([...truncateExpectedIdentifiers(over).tables.keys()]).to.deep.equal(['é'.repeat(31)]);
    const emoji: ExpectedSchema = { ...short, tables: new Map([['😀'.repeat(16), table('😀'.repeat(16))]]) };
    expect([...truncateExpectedIdentifiers(emoji).tables.keys()]).to.deep.equal(['😀'.repeat(15)]);
  });
});
