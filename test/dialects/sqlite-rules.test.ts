import { expect } from 'chai';
import { sqliteAdapter } from '../../lib/dialects/sqlite';
import { parseCreateTable } from '../../lib/dialects/sqlite/parse-create-table';
import { describeTypeComparison } from '../../lib/diff/describe-type-comparison';
import type { ColumnModel } from '../../lib/model/schema';

function col(type: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name: 'c', type, displayType: type, isArray: false, isNullable: true, ...extra };
}

const verdict = (expected: string, actual: string) => sqliteAdapter.compareTypes(col(expected), col(actual)).verdict;

describe('sqlite rules: compareTypes', () => {
  it('same spelling and aliases are the same', () => {
    expect(sqliteAdapter.compareTypes(col('varchar'), col('varchar'))).to.deep.equal({ verdict: 'same', differences: [] });
    expect(verdict('integer', 'int')).to.equal('same');
    expect(verdict('boolean', 'BOOL')).to.equal('same');
    expect(verdict('varchar', 'character varying')).to.equal('same');
    expect(verdict('double', 'double precision')).to.equal('same');
  });

  it('same affinity is the same', () => {
    expect(verdict('varchar', 'nvarchar')).to.equal('same');
    expect(verdict('varchar', 'text')).to.equal('same');
    expect(verdict('integer', 'bigint')).to.equal('same');
    expect(verdict('integer', 'unsigned big int')).to.equal('same');
    expect(verdict('real', 'double')).to.equal('same');
    expect(verdict('real', 'float')).to.equal('same');
    expect(verdict('decimal', 'numeric')).to.equal('same');
    expect(verdict('datetime', 'numeric')).to.equal('same');
  });

  it('never reports a length, precision or scale difference', () => {
    const expected = col('varchar', { displayType: 'varchar(50)', length: 50 });
    const actual = col('varchar', { displayType: 'VARCHAR(10)', length: 10 });
    expect(sqliteAdapter.compareTypes(expected, actual).verdict).to.equal('same');
    const decimal = col('decimal', { displayType: 'decimal(10,2)', precision: 10, scale: 2 });
    expect(sqliteAdapter.compareTypes(decimal, col('decimal', { precision: 5, scale: 0 })).verdict).to.equal('same');
  });

  it('is compatible when TypeORM’s values still round-trip', () => {
    expect(verdict('datetime', 'text')).to.equal('compatible');
    expect(verdict('date', 'varchar')).to.equal('compatible');
    expect(verdict('time', 'text')).to.equal('compatible');
    expect(verdict('datetime', 'integer')).to.equal('compatible');
    expect(verdict('integer', 'real')).to.equal('compatible');
    expect(verdict('real', 'integer')).to.equal('compatible');
    expect(verdict('boolean', 'integer')).to.equal('compatible');
    expect(verdict('decimal', 'real')).to.equal('compatible');
    expect(verdict('varchar', '')).to.equal('compatible');
    expect(verdict('integer', 'blob')).to.equal('compatible');
    expect(verdict('blob', 'text')).to.equal('compatible');
    const result = sqliteAdapter.compareTypes(col('datetime'), col('text'));
    expect(result.differences).to.deep.equal(['type']);
    expect(result.compared?.actual).to.include({ type: 'text', affinity: 'TEXT' });
    expect(describeTypeComparison(result)).to.equal(
      'declared text (TEXT affinity) where the entity has datetime (NUMERIC affinity); strings are stored as text',
    );
  });

  it('is incompatible when values change JavaScript type or lose data', () => {
    expect(verdict('integer', 'text')).to.equal('incompatible');
    expect(verdict('real', 'varchar')).to.equal('incompatible');
    expect(verdict('decimal', 'text')).to.equal('incompatible');
    // 0 stored as '0' hydrates as true.
    expect(verdict('boolean', 'text')).to.equal('incompatible');
  });

  it('judges strings over numeric affinity by their values: only numeric-looking ones change', () => {
    // 'abc' is stored as text, '007' as 7: a warning that names the values that change.
    for (const actual of ['integer', 'numeric', 'real']) {
      const result = sqliteAdapter.compareTypes(col('varchar'), col(actual));
      expect(result.verdict, actual).to.equal('compatible');
      expect(result.note).to.match(/non-numeric strings are stored as text/).and.match(/'007' as 7/);
    }
    expect(verdict('text', 'numeric')).to.equal('compatible');
  });

  it('knows the rowid takes only integers', () => {
    const rowid = col('integer', { generation: 'increment' });
    const text = sqliteAdapter.compareTypes(col('varchar', { entityType: 'varchar' } as Partial<ColumnModel>), rowid);
    expect(text.verdict).to.equal('compatible');
    expect(text.note).to.match(/only integer strings/);
    expect(sqliteAdapter.compareTypes(col('varchar', { entityType: 'uuid' } as Partial<ColumnModel>), rowid).verdict).to.equal('incompatible');
    expect(sqliteAdapter.compareTypes(col('datetime'), rowid).verdict).to.equal('incompatible');
    expect(sqliteAdapter.compareTypes(col('integer'), rowid).verdict).to.equal('same');
  });

  it('judges by the values TypeORM writes for the entity type: JSON text and UUIDs read back equal', () => {
    const as = (type: string, entityType: string, actual: string) =>
      sqliteAdapter.compareTypes(col(type, { entityType } as Partial<ColumnModel>), col(actual));
    for (const actual of ['text', 'varchar(255)', 'clob', 'numeric', 'integer', 'real', '']) {
      expect(as('json', 'json', actual).verdict, `json over ${actual}`).to.be.oneOf(['same', 'equivalent']);
      expect(as('text', 'simple-json', actual).verdict, `simple-json over ${actual}`).to.be.oneOf(['same', 'equivalent']);
    }
    expect(as('json', 'json', 'text')).to.deep.include({ verdict: 'equivalent' });
    expect(as('text', 'simple-json', 'json')).to.deep.include({ verdict: 'equivalent' });
    // A column declared `uuid`, as the entity declares it, is what the user wrote (TypeORM would create varchar).
    expect(as('varchar', 'uuid', 'uuid').verdict).to.equal('same');
    // Over NUMERIC or INTEGER affinity, hyphenated text is never converted.
    expect(as('varchar', 'uuid', 'integer').verdict).to.equal('equivalent');
    expect(as('varchar', 'uuid', 'numeric').note).to.match(/never numeric/);
    // A plain string over the same `uuid` column is judged by its values: numeric-looking ones change.
    expect(as('varchar', 'varchar', 'uuid').verdict).to.equal('compatible');
    // simple-array is written as comma-joined text: a single numeric element ('007') comes back as a number, not an array.
    expect(as('text', 'simple-array', 'integer').verdict).to.equal('compatible');
  });
});

describe('sqlite rules: normalizeDefault', () => {
  const norm = (expression: string | undefined, type = 'varchar') => sqliteAdapter.normalizeDefault(expression, col(type));

  it('keeps no default and NULL as none', () => {
    expect(norm(undefined)).to.equal(undefined);
    expect(norm('NULL')).to.equal(undefined);
    expect(norm('(null)')).to.equal(undefined);
  });

  it('makes string spellings equal', () => {
    expect(norm("'abc'")).to.equal("'abc'");
    expect(norm("('abc')")).to.equal(norm("'abc'"));
    expect(norm('"abc"')).to.equal(norm("'abc'"));
    expect(norm("'it''s'")).to.equal("'it''s'");
    expect(norm("'a b'")).to.not.equal(norm("'a  b'"));
    expect(norm("'abc'")).to.not.equal(norm("'ABC'"));
  });

  it('compares numbers by value in numeric columns and by text in text columns', () => {
    expect(norm('0', 'integer')).to.equal('0');
    expect(norm("'0'", 'integer')).to.equal(norm('0', 'integer'));
    expect(norm('(0)', 'integer')).to.equal(norm('0', 'integer'));
    expect(norm('1.0', 'real')).to.equal(norm('1', 'real'));
    expect(norm('-1', 'integer')).to.equal(norm("'-1'", 'integer'));
    expect(norm('9007199254740993', 'integer')).to.equal('9007199254740993');
    expect(norm('0', 'varchar')).to.equal(norm("'0'", 'varchar'));
    expect(norm('1', 'integer')).to.not.equal(norm('2', 'integer'));
    expect(norm('1.0', 'text')).to.not.equal(norm('1', 'text'));
    // No affinity (untyped column): '0' stays text and 0 stays an integer.
    expect(norm("'0'", '')).to.not.equal(norm('0', ''));
    expect(norm("'abc'", 'integer')).to.equal("'abc'");
  });

  it('reads booleans as TypeORM writes them', () => {
    expect(norm('true', 'boolean')).to.equal(norm('1', 'boolean'));
    expect(norm('FALSE', 'boolean')).to.equal(norm('0', 'boolean'));
    expect(norm("'1'", 'boolean')).to.equal(norm('1', 'boolean'));
    expect(norm('true', 'boolean')).to.not.equal(norm('0', 'boolean'));
  });

  it('treats the current-time spellings as one value', () => {
    const now = norm("datetime('now')", 'datetime');
    expect(norm('CURRENT_TIMESTAMP', 'datetime')).to.equal(now);
    expect(norm("(datetime('now'))", 'datetime')).to.equal(now);
    expect(norm("DATETIME( 'now' )", 'datetime')).to.equal(now);
    expect(norm("strftime('%Y-%m-%d %H:%M:%S', 'now')", 'datetime')).to.equal(now);
    expect(norm("date('now')", 'date')).to.equal(norm('CURRENT_DATE', 'date'));
    expect(norm("datetime('now', 'localtime')", 'datetime')).to.not.equal(now);
    expect(norm("date('now')", 'datetime')).to.not.equal(now);
    expect(norm("strftime('%Y-%m-%d %H:%M:%f', 'now')", 'datetime')).to.not.equal(now);
  });

  it('lower-cases other expressions outside literals only', () => {
    expect(norm("(LOWER('ABC'))")).to.equal(norm("lower('ABC')"));
    expect(norm("lower('ABC')")).to.not.equal(norm("lower('abc')"));
  });
});

describe('sqlite rules: normalizeExpression', () => {
  const norm = (e: string) => sqliteAdapter.normalizeExpression(e);

  it('ignores case, identifier quotes, whitespace and parentheses', () => {
    expect(norm(`"status" IN ('a','b')`)).to.equal(norm(`status in ('a', 'b')`));
    expect(norm('("balance" >= 0)')).to.equal(norm('balance>=0'));
    expect(norm('`deleted_at` IS NULL')).to.equal(norm('[deleted_at] is null'));
    expect(norm('"deleted_at" IS NULL')).to.equal(norm('DELETED_AT IS NULL'));
  });

  it('keeps what changes the meaning', () => {
    expect(norm(`status IN ('a','b')`)).to.not.equal(norm(`status IN ('a','c')`));
    expect(norm(`status = 'A'`)).to.not.equal(norm(`status = 'a'`));
    expect(norm(`name = 'a b'`)).to.not.equal(norm(`name = 'ab'`));
    expect(norm('x > 1')).to.not.equal(norm('x >= 1'));
    // Parentheses inside quoted identifiers and literals are part of the name or the value.
    expect(norm(`"a(b" <> ')'`)).to.equal(norm(`[A(B] <> ')'`));
    expect(norm(`"a(b" > 1`)).to.not.equal(norm('ab > 1'));
    expect(norm(`x <> ')'`)).to.not.equal(norm(`x <> ''`));
  });
});

describe('sqlite rules: quoteIdentifier', () => {
  it('doubles embedded double quotes', () => {
    expect(sqliteAdapter.quoteIdentifier('users')).to.equal('"users"');
    expect(sqliteAdapter.quoteIdentifier('a"b')).to.equal('"a""b"');
    expect(sqliteAdapter.quoteIdentifier("x'y")).to.equal(`"x'y"`);
  });
});

describe('sqlite rules: parseCreateTable', () => {
  /** The parse as plain data, for deep comparison. */
  const parse = (sql: string) => {
    const parsed = parseCreateTable(sql);
    return {
      ...parsed,
      generationExpressions: Object.fromEntries(parsed.generationExpressions),
      autoincrementColumns: [...parsed.autoincrementColumns],
    };
  };
  const EMPTY = {
    checks: [],
    generationExpressions: {},
    autoincrementColumns: [],
    uniqueConstraints: [],
    foreignKeyConstraints: [],
    isWithoutRowid: false,
    isStrict: false,
  };

  it('reads what TypeORM writes: constraint names, the enum CHECK, AUTOINCREMENT', () => {
    const sql =
      'CREATE TABLE "bench_0005" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, ' +
      '"price" numeric(10,2) NOT NULL DEFAULT (0), "status" varchar CHECK( "status" IN (\'draft\',\'active\') ) NOT NULL DEFAULT (\'draft\'), ' +
      '"created_at" datetime NOT NULL DEFAULT (datetime(\'now\')), "parent_id" integer, ' +
      'CONSTRAINT "UQ_code" UNIQUE ("name"), CONSTRAINT "CHK_q" CHECK ("price" >= 0), ' +
      'CONSTRAINT "FK_parent" FOREIGN KEY ("parent_id") REFERENCES "bench_0004" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)';
    expect(parse(sql)).to.deep.equal({
      ...EMPTY,
      checks: [{ expression: `"status" IN ('draft','active')` }, { name: 'CHK_q', expression: '"price" >= 0' }],
      autoincrementColumns: ['id'],
      uniqueConstraints: [{ name: 'UQ_code', columns: ['name'] }],
      foreignKeyConstraints: [{ name: 'FK_parent', columns: ['parent_id'] }],
    });
  });

  it('never splits or reads inside literals, quoted names and comments', () => {
    const sql = `CREATE TABLE "a(b" (
      "x,y" text DEFAULT 'CHECK (1), AS (2)' -- a comment with ( and , and 'quote
      , [z)] integer /* CONSTRAINT "no" CHECK (0) */ CHECK ("x,y" <> ')')
      , \`w\` blob DEFAULT x'2c29'
      , "g" integer GENERATED ALWAYS AS ("z)" + 1) STORED
      , v AS (length("x,y")) )`;
    expect(parse(sql)).to.deep.equal({
      ...EMPTY,
      checks: [{ expression: `"x,y" <> ')'` }],
      generationExpressions: { g: '"z)" + 1', v: 'length("x,y")' },
    });
  });

  it('reads column-level constraint names and table options', () => {
    const sql =
      'create table t (a integer constraint pk primary key, b text constraint u unique constraint c check (b <> \'\'), ' +
      'c integer constraint f references t(a)) strict, without rowid';
    expect(parse(sql)).to.deep.equal({
      ...EMPTY,
      checks: [{ name: 'c', expression: "b <> ''" }],
      uniqueConstraints: [{ name: 'u', columns: ['b'] }],
      foreignKeyConstraints: [{ name: 'f', columns: ['c'] }],
      isStrict: true,
      isWithoutRowid: true,
    });
  });

  it('yields nothing for CREATE TABLE … AS SELECT, unbalanced text and no text', () => {
    expect(parse('CREATE TABLE copy AS SELECT (1) AS x, 2 AS y')).to.deep.equal(EMPTY);
    expect(parse('CREATE TABLE t (a integer CHECK (a > 0)')).to.deep.equal(EMPTY);
    expect(parse('')).to.deep.equal(EMPTY);
  });
});
