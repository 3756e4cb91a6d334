/**
 * The break cases of the round trip, shared by test/round-trip.test.ts (each break gives its
 * finding) and test/fix-convergence.test.ts (the plan of each break repairs it in one round).
 */
import type { Finding, Severity } from '../../lib/model/finding';
import { INVENTORY_SCHEMA } from '../fixtures/broad-entities';
import type { TestDatabase, TestDialect } from './databases';
import { editSqliteTable as sqliteRebuild, replaceIn, without } from './sqlite-table-edit';

/** Findings one per line, for assertion messages. */
export function show(findings: Finding[]): string {
  if (findings.length === 0) return '(no findings)';
  return findings
    .map((f) => `  [${f.severity}] ${f.code} ${f.table}${f.column ? `.${f.column}` : ''}: ${f.message}${f.expected ? ` | expected ${f.expected}` : ''}${f.actual ? ` | actual ${f.actual}` : ''}`)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Breaking helpers
// ---------------------------------------------------------------------------------------------

/** A break: SQL run on the database, or a function for multi-step changes (SQLite rebuilds). */
export type Break = string | ((db: TestDatabase) => Promise<void>);

/** PostgreSQL: drops the one constraint of `table` that `predicate` (over pg_constraint) selects. */
function pgDropConstraint(table: string, predicate: string): string {
  return `DO $$ DECLARE n text; BEGIN
    SELECT conname INTO STRICT n FROM pg_constraint WHERE conrelid = '${table}'::regclass AND ${predicate};
    EXECUTE format('ALTER TABLE ${table} DROP CONSTRAINT %I', n);
  END $$`;
}

/** PostgreSQL: drops the one index of `table` whose definition ends with `definitionEnd`. */
function pgDropIndex(table: string, definitionEnd: string): string {
  return `DO $$ DECLARE n text; BEGIN
    SELECT c.relname INTO STRICT n FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
     WHERE x.indrelid = '${table}'::regclass AND pg_get_indexdef(x.indexrelid) LIKE '%${definitionEnd}';
    EXECUTE format('DROP INDEX %I', n);
  END $$`;
}

async function sqliteDropIndex(db: TestDatabase, table: string, definitionEnd: string): Promise<void> {
  const rows = await db.rows<{ name: string; sql: string }>(
    `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '${table}' AND sql IS NOT NULL`,
  );
  const matches = rows.filter((row) => row.sql.endsWith(definitionEnd));
  if (matches.length !== 1) throw new Error(`expected one index ending ${definitionEnd}, found ${JSON.stringify(rows)}`);
  await db.exec(`DROP INDEX "${matches[0].name}"`);
}

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

export interface BreakCase {
  name: string;
  /** How to break it per dialect; a dialect without an entry skips the case (see the comment on it). */
  sql: Partial<Record<TestDialect, Break>>;
  /** `expected`, when given, is the finding's `expected` text (what the fix SQL is built from). */
  expect: { code: Finding['code']; table: string; column?: string; severity: Severity; expected?: string };
  /** Where a dialect breaks another column than the others, its expectation's differences. */
  expectOn?: Partial<Record<TestDialect, Partial<BreakCase['expect']>>>;
  /** Further findings the same break must cause on a dialect (e.g. every column of a shared enum type). */
  also?: Partial<Record<TestDialect, BreakCase['expect'][]>>;
}

export const CASES: BreakCase[] = [
  {
    name: 'drop a column',
    sql: { postgres: 'ALTER TABLE kitchen_sink DROP COLUMN body', sqlite: 'ALTER TABLE kitchen_sink DROP COLUMN body' },
    expect: { code: 'missing_column', table: 'kitchen_sink', column: 'body', severity: 'error' },
  },
  {
    name: 'drop an embedded column',
    sql: {
      postgres: 'ALTER TABLE organization DROP COLUMN "addressCity"',
      sqlite: 'ALTER TABLE organization DROP COLUMN "addressCity"',
    },
    expect: { code: 'missing_column', table: 'organization', column: 'addressCity', severity: 'error' },
  },
  {
    name: 'drop a single-table-inheritance child column',
    sql: { postgres: 'ALTER TABLE content DROP COLUMN url', sqlite: 'ALTER TABLE content DROP COLUMN url' },
    expect: { code: 'missing_column', table: 'content', column: 'url', severity: 'error' },
  },
  {
    name: 'drop the join column of a ManyToOne',
    sql: {
      postgres: 'ALTER TABLE payment DROP COLUMN "invoiceId"',
      // SQLite refuses DROP COLUMN on a column with a foreign key: rebuild.
      sqlite: sqliteRebuild('payment', without('"invoiceId"')),
    },
    expect: { code: 'missing_column', table: 'payment', column: 'invoiceId', severity: 'error' },
  },
  {
    name: 'drop a junction table',
    sql: { postgres: 'DROP TABLE member_tags_tag', sqlite: 'DROP TABLE member_tags_tag' },
    expect: { code: 'missing_table', table: 'member_tags_tag', severity: 'error' },
  },
  {
    name: 'drop a junction column',
    sql: {
      // PostgreSQL drops the primary key, foreign key and index over it as well.
      postgres: 'ALTER TABLE member_role_links DROP COLUMN role_ref',
      sqlite: sqliteRebuild('member_role_links', without('"role_ref"')),
    },
    expect: { code: 'missing_column', table: 'member_role_links', column: 'role_ref', severity: 'error' },
  },
  {
    name: 'drop the closure table of a tree',
    sql: { postgres: 'DROP TABLE category_closure', sqlite: 'DROP TABLE category_closure' },
    expect: { code: 'missing_table', table: 'category_closure', severity: 'error' },
  },
  {
    name: 'rename a table',
    sql: { postgres: 'ALTER TABLE tag RENAME TO tag_renamed', sqlite: 'ALTER TABLE tag RENAME TO tag_renamed' },
    expect: { code: 'missing_table', table: 'tag', severity: 'error' },
  },
  {
    name: 'change a type incompatibly',
    sql: {
      postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN doc TYPE text',
      // SQLite has no jsonb: an integer column becomes text (values come back as strings).
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"answer" integer', '"answer" integer', '"answer" text')),
    },
    expect: { code: 'type_mismatch', table: 'kitchen_sink', column: 'doc', severity: 'error' },
    expectOn: { sqlite: { column: 'answer' } },
  },
  {
    // SQLite enforces no lengths (varchar(255) and varchar(500) store alike): not a drift there.
    name: 'widen a varchar',
    sql: { postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN varchar255 TYPE varchar(500)' },
    expect: { code: 'type_mismatch', table: 'kitchen_sink', column: 'varchar255', severity: 'warning' },
  },
  {
    // SQLite enforces no precision.
    name: 'change the precision of a timestamp',
    sql: { postgres: 'ALTER TABLE extras_explicit ALTER COLUMN precise TYPE timestamp(6)' },
    expect: {
      code: 'type_mismatch',
      table: 'extras_explicit',
      column: 'precise',
      severity: 'warning',
      expected: 'timestamp(3) without time zone',
    },
  },
  {
    name: 'change a type compatibly',
    sql: {
      postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN answer TYPE bigint',
      // An integer column declared REAL: numbers still round-trip.
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"answer" integer', '"answer" integer', '"answer" real')),
    },
    expect: { code: 'type_mismatch', table: 'kitchen_sink', column: 'answer', severity: 'warning' },
  },
  {
    name: 'SET NOT NULL on a nullable column',
    sql: {
      postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN note SET NOT NULL',
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"note"', '"note" text', '"note" text NOT NULL')),
    },
    expect: { code: 'nullability_mismatch', table: 'kitchen_sink', column: 'note', severity: 'warning' },
  },
  {
    name: 'DROP NOT NULL on a required column',
    sql: {
      postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN body DROP NOT NULL',
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"body"', ' NOT NULL', '')),
    },
    expect: { code: 'nullability_mismatch', table: 'kitchen_sink', column: 'body', severity: 'warning' },
  },
  {
    name: 'change a default',
    sql: {
      postgres: "ALTER TABLE kitchen_sink ALTER COLUMN greeting SET DEFAULT 'bye'",
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"greeting"', "'hello'", "'bye'")),
    },
    expect: { code: 'default_mismatch', table: 'kitchen_sink', column: 'greeting', severity: 'warning' },
  },
  {
    name: 'change a json default',
    sql: {
      postgres: `ALTER TABLE profile ALTER COLUMN settings SET DEFAULT '{"size": 2, "theme": "light"}'`,
      sqlite: sqliteRebuild('profile', replaceIn('"settings"', '"dark"', '"light"')),
    },
    expect: { code: 'default_mismatch', table: 'profile', column: 'settings', severity: 'warning' },
  },
  {
    name: 'change a negative default',
    sql: {
      postgres: 'ALTER TABLE extras_explicit ALTER COLUMN negative SET DEFAULT -2',
      sqlite: sqliteRebuild('extras_explicit', replaceIn('"negative"', 'DEFAULT (-1)', 'DEFAULT (-2)')),
    },
    expect: { code: 'default_mismatch', table: 'extras_explicit', column: 'negative', severity: 'warning' },
  },
  {
    name: 'replace a function default with a constant',
    sql: {
      postgres: `ALTER TABLE kitchen_sink ALTER COLUMN "touchedAt" SET DEFAULT '2020-01-01 00:00:00+00'`,
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"touchedAt"', "(datetime('now'))", "('2020-01-01 00:00:00')")),
    },
    expect: { code: 'default_mismatch', table: 'kitchen_sink', column: 'touchedAt', severity: 'warning' },
  },
  {
    name: 'drop a default',
    sql: {
      postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN answer DROP DEFAULT',
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"answer"', / DEFAULT \(?42\)?/, '')),
    },
    expect: { code: 'default_mismatch', table: 'kitchen_sink', column: 'answer', severity: 'warning' },
  },
  {
    name: 'replace the primary key',
    sql: {
      postgres: `${pgDropConstraint('setting', "contype = 'p'")}; ALTER TABLE setting ADD PRIMARY KEY (value)`,
      sqlite: sqliteRebuild('setting', (parts) =>
        parts.map((part) =>
          part.startsWith('"name"') ? part.replace(' PRIMARY KEY', '') : part.startsWith('"value"') ? part.replace('text', 'text PRIMARY KEY') : part,
        ),
      ),
    },
    expect: { code: 'primary_key_mismatch', table: 'setting', severity: 'error' },
  },
  {
    name: 'drop a foreign key',
    sql: {
      postgres: pgDropConstraint('payment', `contype = 'f' AND pg_get_constraintdef(oid) LIKE 'FOREIGN KEY ("invoiceId")%'`),
      sqlite: sqliteRebuild('payment', (parts) => parts.filter((part) => !/FOREIGN KEY \("invoiceId"\)/.test(part))),
    },
    expect: { code: 'missing_foreign_key', table: 'payment', column: 'invoiceId', severity: 'warning' },
  },
  {
    name: "change a foreign key's ON DELETE",
    sql: {
      postgres: `${pgDropConstraint('payment', `contype = 'f' AND pg_get_constraintdef(oid) LIKE 'FOREIGN KEY ("invoiceId")%'`)};
        ALTER TABLE payment ADD FOREIGN KEY ("invoiceId") REFERENCES invoice (id) ON DELETE SET NULL`,
      sqlite: sqliteRebuild('payment', (parts) =>
        parts.map((part) => (/FOREIGN KEY \("invoiceId"\)/.test(part) ? part.replace('ON DELETE CASCADE', 'ON DELETE SET NULL') : part)),
      ),
    },
    expect: { code: 'foreign_key_mismatch', table: 'payment', column: 'invoiceId', severity: 'warning' },
  },
  {
    name: 'drop an index',
    sql: {
      postgres: pgDropIndex('kitchen_sink', 'USING btree (qty)'),
      sqlite: (db) => sqliteDropIndex(db, 'kitchen_sink', '("qty") '),
    },
    expect: { code: 'missing_index', table: 'kitchen_sink', column: 'qty', severity: 'warning' },
  },
  {
    name: 'drop a unique constraint',
    sql: {
      postgres: pgDropConstraint('kitchen_sink', `contype = 'u' AND pg_get_constraintdef(oid) = 'UNIQUE (code, region)'`),
      sqlite: sqliteRebuild('kitchen_sink', (parts) => parts.filter((part) => !/UNIQUE \("code", "region"\)/.test(part))),
    },
    expect: { code: 'missing_unique', table: 'kitchen_sink', column: 'code, region', severity: 'warning' },
  },
  {
    name: 'drop a check constraint',
    sql: {
      postgres: pgDropConstraint('kitchen_sink', `contype = 'c' AND pg_get_constraintdef(oid) LIKE '%qty >= 0%'`),
      sqlite: sqliteRebuild('kitchen_sink', (parts) => parts.filter((part) => !part.includes('"qty" >= 0'))),
    },
    expect: { code: 'missing_check', table: 'kitchen_sink', severity: 'warning' },
  },
  {
    name: 'add an extra NOT NULL column without a default',
    sql: {
      postgres: 'ALTER TABLE tag ADD COLUMN legacy integer NOT NULL',
      // SQLite refuses ADD COLUMN ... NOT NULL without a default: rebuild.
      sqlite: sqliteRebuild('tag', (parts) => [...parts.slice(0, 2), '"legacy" integer NOT NULL', ...parts.slice(2)]),
    },
    expect: { code: 'unexpected_column', table: 'tag', column: 'legacy', severity: 'error' },
  },
  {
    name: 'add an extra nullable column',
    sql: { postgres: 'ALTER TABLE tag ADD COLUMN legacy_note text', sqlite: 'ALTER TABLE tag ADD COLUMN legacy_note text' },
    expect: { code: 'unexpected_column', table: 'tag', column: 'legacy_note', severity: 'info' },
  },
  {
    name: 'remove an enum value',
    sql: {
      postgres: `ALTER TYPE status_kind RENAME TO status_kind_old;
        CREATE TYPE status_kind AS ENUM ('active', 'archived');
        ALTER TABLE kitchen_sink ALTER COLUMN status DROP DEFAULT,
          ALTER COLUMN status TYPE status_kind USING status::text::status_kind,
          ALTER COLUMN status SET DEFAULT 'active';
        ALTER TABLE extras_explicit ALTER COLUMN "sharedEnum" TYPE status_kind USING "sharedEnum"::text::status_kind;
        DROP TYPE status_kind_old`,
      // simple-enum is a CHECK (status IN (...)) on SQLite.
      sqlite: sqliteRebuild('kitchen_sink', (parts) =>
        parts.map((part) => (/CHECK\s*\(\s*"status" IN/.test(part) ? part.replace(",'deleted'", '') : part)),
      ),
    },
    expect: { code: 'enum_mismatch', table: 'kitchen_sink', column: 'status', severity: 'error' },
    // Extras.sharedEnum uses the same type: it loses the value too.
    also: { postgres: [{ code: 'enum_mismatch', table: 'extras_explicit', column: 'sharedEnum', severity: 'error' }] },
  },
  {
    name: 'add an enum value',
    sql: {
      postgres: "ALTER TYPE status_kind ADD VALUE 'suspended'",
      sqlite: sqliteRebuild('kitchen_sink', (parts) =>
        parts.map((part) => (/CHECK\s*\(\s*"status" IN/.test(part) ? part.replace("'deleted'", "'deleted','suspended'") : part)),
      ),
    },
    expect: { code: 'enum_mismatch', table: 'kitchen_sink', column: 'status', severity: 'warning' },
  },
  {
    name: 'make a computed column plain',
    sql: {
      postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN doubled DROP EXPRESSION',
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"doubled"', / AS \(.*\) STORED/, '')),
    },
    expect: { code: 'generated_mismatch', table: 'kitchen_sink', column: 'doubled', severity: 'warning' },
  },
  {
    name: 'make a plain column computed',
    sql: {
      postgres: 'ALTER TABLE kitchen_sink DROP COLUMN answer, ADD COLUMN answer integer GENERATED ALWAYS AS (qty + 1) STORED',
      sqlite: sqliteRebuild('kitchen_sink', replaceIn('"answer"', '"answer" integer NOT NULL DEFAULT (42)', '"answer" integer AS ("qty" + 1) STORED')),
    },
    expect: { code: 'generated_mismatch', table: 'kitchen_sink', column: 'answer', severity: 'error' },
  },
  {
    name: 'drop the join column of a lazy relation',
    sql: {
      postgres: 'ALTER TABLE member DROP COLUMN "mentorId"',
      sqlite: sqliteRebuild('member', without('"mentorId"')),
    },
    expect: { code: 'missing_column', table: 'member', column: 'mentorId', severity: 'error' },
  },
  {
    name: 'drop a nested-set column',
    sql: { postgres: 'ALTER TABLE place DROP COLUMN nsleft', sqlite: 'ALTER TABLE place DROP COLUMN nsleft' },
    expect: { code: 'missing_column', table: 'place', column: 'nsleft', severity: 'error' },
  },
  {
    name: "change a foreign key's ON UPDATE",
    sql: {
      postgres: `${pgDropConstraint('extras_explicit', `contype = 'f' AND pg_get_constraintdef(oid) LIKE 'FOREIGN KEY (org_name)%'`)};
        ALTER TABLE extras_explicit ADD FOREIGN KEY (org_name) REFERENCES organization (name) ON DELETE SET NULL`,
      sqlite: sqliteRebuild('extras_explicit', (parts) =>
        parts.map((part) => (/FOREIGN KEY \("org_name"\)/.test(part) ? part.replace('ON UPDATE CASCADE', 'ON UPDATE NO ACTION') : part)),
      ),
    },
    expect: { code: 'foreign_key_mismatch', table: 'extras_explicit', column: 'org_name', severity: 'warning' },
  },
  {
    name: 'point a foreign key at another table',
    sql: {
      postgres: `${pgDropConstraint('payment', `contype = 'f' AND pg_get_constraintdef(oid) LIKE 'FOREIGN KEY ("invoiceId")%'`)};
        ALTER TABLE payment ADD FOREIGN KEY ("invoiceId") REFERENCES team (id) ON DELETE CASCADE`,
      sqlite: sqliteRebuild('payment', (parts) =>
        parts.map((part) => (/FOREIGN KEY \("invoiceId"\)/.test(part) ? part.replace('REFERENCES "invoice"', 'REFERENCES "team"') : part)),
      ),
    },
    expect: { code: 'foreign_key_mismatch', table: 'payment', column: 'invoiceId', severity: 'warning' },
  },
  {
    // SQLite: integer and bigint are one affinity (no conflict), and text would add a type_mismatch error.
    name: 'change the type of a join column away from the key it references',
    sql: { postgres: 'ALTER TABLE payment ALTER COLUMN "invoiceId" TYPE bigint' },
    expect: { code: 'foreign_key_type_mismatch', table: 'payment', column: 'invoiceId', severity: 'error' },
  },
  {
    // SQLite has no materialized views.
    name: 'drop a materialized view',
    sql: { postgres: 'DROP MATERIALIZED VIEW materialized_one' },
    expect: { code: 'missing_view', table: 'materialized_one', severity: 'error' },
  },
  {
    // On SQLite TypeORM generates these UUIDs in JavaScript.
    name: 'drop the uuid default of a @Generated column',
    sql: { postgres: 'ALTER TABLE kitchen_sink ALTER COLUMN "externalId" DROP DEFAULT' },
    expect: { code: 'generated_mismatch', table: 'kitchen_sink', column: 'externalId', severity: 'error' },
  },
  {
    name: 'drop the view',
    sql: { postgres: 'DROP VIEW member_summary', sqlite: 'DROP VIEW member_summary' },
    expect: { code: 'missing_view', table: 'member_summary', severity: 'error' },
  },
  {
    name: 'drop the serial default of a generated primary key',
    sql: {
      postgres: 'ALTER TABLE tag ALTER COLUMN id DROP DEFAULT',
      // Only a column declared exactly INTEGER PRIMARY KEY is SQLite's auto-assigned rowid alias.
      sqlite: sqliteRebuild('tag', replaceIn('"id"', /"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL/, '"id" int PRIMARY KEY NOT NULL')),
    },
    expect: { code: 'generated_mismatch', table: 'tag', column: 'id', severity: 'error' },
  },
  {
    // SQLite has no identity columns.
    name: 'drop the identity of a generated primary key',
    sql: { postgres: 'ALTER TABLE organization ALTER COLUMN id DROP IDENTITY' },
    expect: { code: 'generated_mismatch', table: 'organization', column: 'id', severity: 'error' },
  },
  {
    // On SQLite TypeORM generates UUIDs in JavaScript: the database has no default to lose.
    name: 'drop the uuid default of a generated primary key',
    sql: { postgres: 'ALTER TABLE profile ALTER COLUMN id DROP DEFAULT' },
    expect: { code: 'generated_mismatch', table: 'profile', column: 'id', severity: 'error' },
  },
  {
    // SQLite has no schemas.
    name: 'drop a column of a table in another schema',
    sql: { postgres: `ALTER TABLE ${INVENTORY_SCHEMA}.stock_item DROP COLUMN sku` },
    expect: { code: 'missing_column', table: `${INVENTORY_SCHEMA}.stock_item`, column: 'sku', severity: 'error' },
  },
  {
    // SQLite has no schemas.
    name: 'drop a junction table in another schema',
    sql: { postgres: `DROP TABLE ${INVENTORY_SCHEMA}.stock_item_tags_tag` },
    expect: { code: 'missing_table', table: `${INVENTORY_SCHEMA}.stock_item_tags_tag`, severity: 'error' },
  },
  {
    // SQLite has no schemas.
    name: 'change the type of an enum column in another schema',
    sql: { postgres: `ALTER TABLE ${INVENTORY_SCHEMA}.stock_item ALTER COLUMN condition DROP DEFAULT, ALTER COLUMN condition TYPE text` },
    expect: {
      code: 'type_mismatch',
      table: `${INVENTORY_SCHEMA}.stock_item`,
      column: 'condition',
      severity: 'warning',
      expected: `"${INVENTORY_SCHEMA}"."stock_item_condition_enum"`,
    },
  },
  {
    // SQLite has no schemas.
    name: 'add a value to an enum in another schema',
    sql: { postgres: `ALTER TYPE ${INVENTORY_SCHEMA}.stock_item_condition_enum ADD VALUE 'broken'` },
    expect: { code: 'enum_mismatch', table: `${INVENTORY_SCHEMA}.stock_item`, column: 'condition', severity: 'warning' },
  },
];

export const expectationFor = (testCase: BreakCase, dialect: TestDialect): BreakCase['expect'] => ({
  ...testCase.expect,
  ...testCase.expectOn?.[dialect],
});

