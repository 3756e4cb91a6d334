import { expect } from 'chai';
import { isSameBaseType, postgresAdapter } from '../../lib/dialects/postgres';
import { describeTypeComparison } from '../../lib/diff/describe-type-comparison';
import type { ColumnModel } from '../../lib/model/schema';

function col(type: string, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name: 'c', type, displayType: type, isArray: false, isNullable: true, ...extra };
}

const { compareTypes, normalizeDefault, normalizeExpression } = postgresAdapter;
const SAME = { verdict: 'same', differences: [] };

/** The verdict, the flags, and the words the diff builds from them. */
function judge(expected: ColumnModel, actual: ColumnModel) {
  const comparison = compareTypes(expected, actual);
  return { verdict: comparison.verdict, differences: comparison.differences, words: describeTypeComparison(comparison) };
}

describe('postgres rules: compareTypes', () => {
  it('treats aliases as the same type', () => {
    const pairs: [string, string][] = [
      ['int4', 'integer'],
      ['int', 'integer'],
      ['int8', 'bigint'],
      ['int2', 'smallint'],
      ['serial', 'integer'],
      ['bigserial', 'bigint'],
      ['varchar', 'character varying'],
      ['character varying', 'character varying'],
      ['char', 'character'],
      ['bpchar', 'character'],
      ['timestamptz', 'timestamp with time zone'],
      ['timestamp', 'timestamp without time zone'],
      ['TIMESTAMP WITH TIME ZONE', 'timestamp with time zone'],
      ['timetz', 'time with time zone'],
      ['bool', 'boolean'],
      ['float8', 'double precision'],
      ['float4', 'real'],
      ['decimal', 'numeric'],
      ['citext', 'extensions.citext'],
      ['uuid', 'uuid'],
      ['jsonb', 'jsonb'],
    ];
    for (const [expected, actual] of pairs) {
      expect(compareTypes(col(expected), col(actual)), `${expected} vs ${actual}`).to.deep.equal(SAME);
    }
  });

  it('compares modifiers only where the expected side gives them', () => {
    expect(compareTypes(col('character varying'), col('character varying', { length: 255 }))).to.deep.equal(SAME);
    expect(judge(col('varchar', { length: 100 }), col('character varying', { length: 255 }))).to.deep.equal({
      verdict: 'compatible',
      differences: ['length'],
      words: 'length 100 vs 255',
    });
    expect(judge(col('varchar', { length: 100 }), col('character varying'))).to.deep.equal({
      verdict: 'compatible',
      differences: ['length'],
      words: 'length 100 vs unspecified',
    });
    expect(compareTypes(col('varchar', { length: 255 }), col('character varying', { length: 255 }))).to.deep.equal(SAME);
    expect(
      judge(col('numeric', { precision: 10, scale: 2 }), col('numeric', { precision: 12, scale: 4 })),
    ).to.deep.equal({ verdict: 'compatible', differences: ['precision', 'scale'], words: 'precision 10 vs 12, scale 2 vs 4' });
    expect(compareTypes(col('numeric'), col('numeric', { precision: 12, scale: 4 }))).to.deep.equal(SAME);
    expect(compareTypes(col('decimal', { precision: 10 }), col('numeric', { precision: 10, scale: 0 }))).to.deep.equal(SAME);
    // timestamp without a precision is timestamp(6).
    expect(compareTypes(col('timestamp', { precision: 6 }), col('timestamp without time zone'))).to.deep.equal(SAME);
    expect(
      judge(col('timestamptz', { precision: 3 }), col('timestamp with time zone', { precision: 6 })),
    ).to.deep.equal({ verdict: 'compatible', differences: ['precision'], words: 'precision 3 vs 6' });
    // The implicit precision is the one compared, and said.
    expect(judge(col('timestamp', { precision: 3 }), col('timestamp without time zone')).words).to.equal('precision 3 vs 6');
    // A length on a type without one (TypeORM metadata sometimes carries it) is ignored.
    expect(compareTypes(col('integer', { length: 11 }), col('integer'))).to.deep.equal(SAME);
  });

  it('treats enums as the same type, whatever their values', () => {
    expect(
      compareTypes(col('enum', { enumValues: ['a'] }), col('enum', { enumValues: ['a', 'b'], enumName: 'x_enum' })),
    ).to.deep.equal(SAME);
    expect(compareTypes(col('simple-enum'), col('enum'))).to.deep.equal(SAME);
  });

  it('calls types of one family compatible', () => {
    const pairs: [string, string][] = [
      ['character', 'character varying'],
      ['citext', 'text'],
      ['integer', 'bigint'],
      ['smallint', 'integer'],
      ['real', 'double precision'],
      ['numeric', 'double precision'],
      ['timestamp', 'timestamptz'],
      ['time', 'timetz'],
      ['json', 'jsonb'],
      ['uuid', 'character varying'],
      ['character varying', 'uuid'],
      ['enum', 'character varying'],
      ['text', 'enum'],
    ];
    for (const [expected, actual] of pairs) {
      const result = compareTypes(col(expected), col(actual));
      expect(result.verdict, `${expected} vs ${actual}`).to.equal('compatible');
      expect(result.differences, `${expected} vs ${actual}`).to.deep.equal(['type']);
    }
    expect(judge(col('int4'), col('bigint'))).to.deep.equal({ verdict: 'compatible', differences: ['type'], words: 'integer vs bigint' });
  });

  it('calls everything else incompatible', () => {
    const pairs: [string, string][] = [
      ['jsonb', 'text'],
      ['text', 'jsonb'],
      ['boolean', 'integer'],
      ['integer', 'character varying'],
      ['uuid', 'integer'],
      ['date', 'timestamp without time zone'],
      ['integer', 'numeric'],
      ['uuid', 'enum'],
      ['bytea', 'text'],
      ['simple-json', 'jsonb'],
    ];
    for (const [expected, actual] of pairs) {
      const result = compareTypes(col(expected), col(actual));
      expect(result.verdict, `${expected} vs ${actual}`).to.equal('incompatible');
      expect(result.differences, `${expected} vs ${actual}`).to.deep.equal(['type']);
    }
    expect(judge(col('jsonb'), col('text'))).to.deep.equal({ verdict: 'incompatible', differences: ['type'], words: 'jsonb vs text' });
  });

  it('calls an array against a scalar incompatible, and compares array elements', () => {
    expect(judge(col('integer', { isArray: true }), col('integer'))).to.deep.equal({
      verdict: 'incompatible',
      differences: ['array'],
      words: 'array vs scalar',
    });
    expect(judge(col('text'), col('text', { isArray: true }))).to.deep.equal({
      verdict: 'incompatible',
      differences: ['array'],
      words: 'scalar vs array',
    });
    expect(judge(col('integer', { isArray: true }), col('text'))).to.deep.equal({
      verdict: 'incompatible',
      differences: ['array', 'type'],
      words: 'array vs scalar, integer vs text',
    });
    expect(compareTypes(col('int4', { isArray: true }), col('integer', { isArray: true }))).to.deep.equal(SAME);
    expect(compareTypes(col('int[]'), col('integer', { isArray: true }))).to.deep.equal(SAME);
    expect(compareTypes(col('varchar', { isArray: true }), col('text', { isArray: true })).verdict).to.equal('same');
    expect(compareTypes(col('varchar', { isArray: true, length: 20 }), col('text', { isArray: true }))).to.include({ verdict: 'compatible' });
    expect(compareTypes(col('varchar', { isArray: true, length: 20 }), col('text', { isArray: true })).differences).to.deep.equal(['type']);
  });

  it('has a strict notion of the same base type for foreign keys', () => {
    expect(isSameBaseType(col('uuid'), col('uuid'))).to.equal(true);
    expect(isSameBaseType(col('int4'), col('integer'))).to.equal(true);
    expect(isSameBaseType(col('character varying', { length: 36 }), col('character varying', { length: 255 }))).to.equal(
      true,
    );
    expect(isSameBaseType(col('uuid'), col('character varying'))).to.equal(false);
    expect(isSameBaseType(col('integer'), col('bigint'))).to.equal(false);
    expect(isSameBaseType(col('integer'), col('integer', { isArray: true }))).to.equal(false);
    expect(isSameBaseType(col('enum', { enumName: 'a' }), col('enum', { enumName: 'b' }))).to.equal(false);
  });
});

describe('postgres rules: normalizeDefault', () => {
  const same = (expected: string, actual: string, column: ColumnModel) =>
    expect(normalizeDefault(expected, column), `${expected} vs ${actual}`).to.equal(normalizeDefault(actual, column));
  const different = (expected: string, actual: string, column: ColumnModel) =>
    expect(normalizeDefault(expected, column), `${expected} vs ${actual}`).to.not.equal(normalizeDefault(actual, column));

  it('returns undefined for no default', () => {
    expect(normalizeDefault(undefined, col('text'))).to.equal(undefined);
  });

  it('makes equivalent spellings equal', () => {
    same("'abc'", "'abc'::character varying", col('character varying'));
    same("'it''s'", "'it''s'::text", col('text'));
    same("'0'", '0', col('integer'));
    same('0', "'0'::numeric", col('numeric'));
    same("'1.50'", '1.5', col('numeric'));
    same('1.50', "'1.5'::numeric", col('numeric'));
    same("'-1'", '(-1)', col('smallint'));
    same('-1', "'-1'::integer", col('integer'));
    same('now()', 'CURRENT_TIMESTAMP', col('timestamp with time zone'));
    same('CURRENT_TIMESTAMP(6)', 'now()', col('timestamp without time zone'));
    same('transaction_timestamp()', 'now()', col('timestamp without time zone'));
    same('CURRENT_DATE', "('now'::text)::date", col('date'));
    same('uuid_generate_v4()', 'gen_random_uuid()', col('uuid'));
    same('extensions.uuid_generate_v4()', 'gen_random_uuid()', col('uuid'));
    same('true', "'t'::boolean", col('boolean'));
    same("'true'", 'true', col('boolean'));
    same('FALSE', "'f'", col('boolean'));
    same("'{}'", "'{}'::integer[]", col('integer', { isArray: true }));
    same("'{}'", "ARRAY[]::integer[]", col('integer', { isArray: true }));
    same("'{a,b}'", "'{a,b}'::text[]", col('text', { isArray: true }));
    same(`'{"a":1}'`, `'{"a": 1}'::jsonb`, col('jsonb'));
    same(`'{"b":1,"a":[1, 2]}'`, `'{"a": [1, 2], "b": 1}'::jsonb`, col('jsonb'));
    same("'active'", "'active'::task_status_enum", col('enum'));
    same("'active'", `'active'::"Task_Status"`, col('enum'));
    same("'active'", "'active'::other.status_enum", col('enum'));
    same("'2020-01-01 00:00:00'", "'2020-01-01 00:00:00'::timestamp without time zone", col('timestamp'));
    same("'x'", "('x'::character varying(10))", col('character varying'));
    same("nextval('x_id_seq'::regclass)", "NEXTVAL('x_id_seq')", col('integer'));
    same("lower('ABC')", "LOWER('ABC'::text)", col('text'));
  });

  it('keeps different defaults different', () => {
    different("'a'", "'b'", col('text'));
    different('1', '2', col('integer'));
    different("'1.5'", '1.51', col('numeric'));
    different('true', 'false', col('boolean'));
    different("'t'", "'true'", col('text'));
    different("'ABC'", "'abc'", col('text'));
    different(`'{"a":1}'`, `'{"a":2}'::jsonb`, col('jsonb'));
    different('now()', 'CURRENT_DATE', col('timestamp with time zone'));
    different("'{1}'", "'{}'::integer[]", col('integer', { isArray: true }));
  });

  it('gives readable canonical forms', () => {
    expect(normalizeDefault("'abc'::character varying", col('character varying'))).to.equal("'abc'");
    expect(normalizeDefault("'0'::numeric", col('numeric'))).to.equal('0');
    expect(normalizeDefault('CURRENT_TIMESTAMP', col('timestamp'))).to.equal('now()');
    expect(normalizeDefault("'t'", col('bool'))).to.equal('true');
    expect(normalizeDefault("'12345678901234567890.10'::numeric", col('numeric'))).to.equal('12345678901234567890.1');
  });
});

describe('postgres rules: normalizeExpression', () => {
  const same = (a: string, b: string) => expect(normalizeExpression(a), `${a} vs ${b}`).to.equal(normalizeExpression(b));
  const different = (a: string, b: string) =>
    expect(normalizeExpression(a), `${a} vs ${b}`).to.not.equal(normalizeExpression(b));

  it('makes the server spelling equal to the source spelling', () => {
    same('((price > (0)::numeric))', '"price" > 0');
    same('(price > (0)::numeric)', 'price > 0');
    same(
      "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))",
      `"status" IN ('a','b')`,
    );
    same("(status = ANY (ARRAY['a'::text, 'b'::text]))", "status IN ('a', 'b')");
    same("((status)::text <> ALL ((ARRAY['x'::character varying])::text[]))", "status NOT IN ('x')");
    same('(deleted_at IS NULL)', '"deleted_at" is null');
    same('((age >= 18) AND (age <= 130))', 'age >= 18 AND age <= 130');
    same("((name)::text ~~ 'a%'::text)", "name LIKE 'a%'");
    same('(a <> b)', 'a != b');
    same('(char_length((name)::text) > 2)', 'char_length(name) > 2');
    same("(kind = 'x'::\"Kind Enum\")", "kind = 'x'");
    same("(at > '2020-01-01 00:00:00'::timestamp without time zone)", "at > '2020-01-01 00:00:00'");
  });

  it('keeps different expressions different', () => {
    different('price > 0', 'price >= 0');
    different('price > 0', 'price > 1');
    different("status IN ('a','b')", "status IN ('a','c')");
    different("status IN ('A')", "status IN ('a')");
    different("name = 'it''s'", "name = 'its'");
    different('a IS NULL', 'a IS NOT NULL');
  });

  it('does not touch string literals', () => {
    expect(normalizeExpression("(name = 'Hello World'::text)")).to.equal("name='Hello World'");
  });
});

describe('postgres rules: quoteIdentifier', () => {
  it('always quotes and doubles inner quotes', () => {
    expect(postgresAdapter.quoteIdentifier('user')).to.equal('"user"');
    expect(postgresAdapter.quoteIdentifier('My"Table')).to.equal('"My""Table"');
    expect(postgresAdapter.quoteIdentifier("x'y")).to.equal(`"x'y"`);
  });
});
