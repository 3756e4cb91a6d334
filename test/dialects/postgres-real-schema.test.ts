/**
 * PostgreSQL rules learned on migration-built schemas (issue 10), on a real database: tables made
 * by hand-written "migration" SQL the way real applications write it, then validated; every rule
 * that lowers a severity is proven with TypeORM's own save / find on the drifted table. PostgreSQL
 * only: SQLite has none of these types, clock functions, identifier limits or invalid indexes.
 */
import { expect } from 'chai';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { type Finding, validateSchemaOnStartup } from '../../lib';
import { type TestDatabase, createDatabase } from '../support/databases';

const silentLogger = { warn() {}, info() {}, error() {} };

async function findingsOf(ds: Parameters<typeof validateSchemaOnStartup>[0]): Promise<Finding[]> {
  return (await validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger })).findings;
}

function show(findings: Finding[]): string {
  return findings.map((f) => `  [${f.severity}] ${f.code} ${f.table}.${f.column ?? ''}: ${f.message}`).join('\n') || '(none)';
}

@Entity('clock_defaults')
class ClockDefaults {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @Column({ type: 'timestamp', default: () => 'LOCALTIMESTAMP' })
  localAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  plainAt!: Date;

  @Column({ type: 'date', default: () => 'CURRENT_DATE' })
  day!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  note!: string | null;

  @Column({ type: 'integer', nullable: true, default: null })
  score!: number | null;
}

@Entity('text_parent')
class TextParent {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column('varchar')
  name!: string;

  @Column('text')
  note!: string;
}

@Entity('text_child')
class TextChild {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => TextParent, { nullable: false })
  @JoinColumn({ name: 'parent_id' })
  parent!: TextParent;
}

@Entity('coded')
class Coded {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('varchar')
  code!: string;

  @Column('varchar')
  amount!: string;

  @Column('simple-json')
  data!: unknown;

  @Column('simple-json')
  plainJson!: unknown;
}

@Entity('string_key_parent')
class StringKeyParent {
  @PrimaryColumn('varchar')
  id!: string;
}

@Entity('string_key_child')
class StringKeyChild {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => StringKeyParent, { nullable: false })
  @JoinColumn({ name: 'parent_id' })
  parent!: StringKeyParent;
}

const LONG_TABLE = `customer_subscription_renewal_notification_delivery_attempts_archive_v2`;
const LONG_COLUMN = `last_successful_delivery_attempt_timestamp_in_customer_local_zone_x`;
const LONG_ENUM = `delivery_state_of_customer_subscription_renewal_notification_attempt_enum`;

@Entity(LONG_TABLE)
class LongNames {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ name: LONG_COLUMN, type: 'varchar', nullable: true })
  longColumn!: string | null;

  // TypeORM's own enum name, `${LONG_TABLE}_state_enum`, would truncate to the table's row type name.
  @Column({ type: 'enum', enum: ['queued', 'sent'], default: 'queued', enumName: LONG_ENUM })
  state!: 'queued' | 'sent';
}

@Entity('account')
class Account {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column('varchar')
  email!: string;

  @Index()
  @Column('text')
  bio!: string;
}

describe('postgres rules on migration-built schemas (real database)', function () {
  this.timeout(60_000);
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createDatabase('postgres');
  });
  afterEach(async () => {
    await db.dispose();
  });

  describe('clock defaults and DEFAULT NULL', () => {
    it('finds nothing where the migration spelled the defaults its own way', async () => {
      await db.exec(`CREATE TABLE clock_defaults (
        id serial PRIMARY KEY,
        "createdAt" timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        "localAt" timestamp without time zone NOT NULL DEFAULT now(),
        "plainAt" timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
        day date NOT NULL DEFAULT now(),
        note varchar(255) DEFAULT NULL,
        score integer DEFAULT NULL::integer
      )`);
      const [stored] = await db.rows<{ d: string }>(
        `SELECT pg_get_expr(adbin, adrelid) AS d FROM pg_attrdef WHERE adrelid = 'clock_defaults'::regclass AND adnum = 6`,
      );
      expect(stored.d).to.equal('NULL::character varying');
      const ds = await db.connect([ClockDefaults]);
      const findings = await findingsOf(ds);
      expect(findings, show(findings)).to.deep.equal([]);
    });

    it("finds nothing where TypeORM synchronised them (it stores its own ('now'::text)::timestamp(3) rewrite)", async () => {
      const ds = await db.connect([ClockDefaults], { synchronize: true });
      const [stored] = await db.rows<{ d: string }>(
        `SELECT pg_get_expr(adbin, adrelid) AS d FROM pg_attrdef a JOIN pg_attribute c ON c.attrelid = a.adrelid AND c.attnum = a.adnum
         WHERE a.adrelid = 'clock_defaults'::regclass AND c.attname = 'createdAt'`,
      );
      expect(stored.d).to.match(/^CURRENT_TIMESTAMP\(3\)$|'now'::text/);
      const findings = await findingsOf(ds);
      expect(findings, show(findings)).to.deep.equal([]);
    });

    it('still reports a clock default that stores another value', async () => {
      await db.exec(`CREATE TABLE clock_defaults (
        id serial PRIMARY KEY,
        "createdAt" timestamptz(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        "localAt" timestamp NOT NULL DEFAULT LOCALTIMESTAMP,
        "plainAt" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP(0),
        day date NOT NULL DEFAULT CURRENT_DATE,
        note varchar(255),
        score integer DEFAULT 0
      )`);
      const ds = await db.connect([ClockDefaults]);
      const findings = await findingsOf(ds);
      expect(findings.map((f) => [f.code, f.column, f.severity])).to.have.deep.members([
        ['default_mismatch', 'plainAt', 'warning'],
        ['default_mismatch', 'score', 'info'],
      ]);
    });
  });

  describe('text and varchar', () => {
    it('are one type, and a text column referencing a varchar key is a sound foreign key', async () => {
      await db.exec(`CREATE TABLE text_parent (id varchar(64) PRIMARY KEY, name text NOT NULL, note varchar NOT NULL);
        CREATE TABLE text_child (id serial PRIMARY KEY, parent_id text NOT NULL REFERENCES text_parent (id))`);
      const ds = await db.connect([TextParent, TextChild]);
      const findings = await findingsOf(ds);
      // Only the join column's length differs (TypeORM copies varchar(64) from the key): a warning.
      expect(findings.map((f) => [f.code, f.table, f.column, f.severity]), show(findings)).to.deep.equal([
        ['type_mismatch', 'text_child', 'parent_id', 'warning'],
      ]);
      await ds.getRepository(TextParent).save({ id: 'p1', name: 'n', note: 'x' });
      await ds.getRepository(TextChild).save({ parent: { id: 'p1' } });
      const [child] = await ds.getRepository(TextChild).find({ relations: { parent: true } });
      expect(child.parent.id).to.equal('p1');
    });

    it('keep the error for a uuid column referencing a varchar key', async () => {
      await db.exec(`CREATE TABLE text_parent (id varchar(64) PRIMARY KEY, name text NOT NULL, note text NOT NULL);
        CREATE TABLE text_child (id serial PRIMARY KEY, parent_id uuid NOT NULL)`);
      const ds = await db.connect([TextParent, TextChild]);
      const findings = await findingsOf(ds);
      expect(findings.some((f) => f.code === 'foreign_key_type_mismatch' && f.severity === 'error'), show(findings)).to.equal(true);
    });
  });

  describe('string properties over number columns', () => {
    beforeEach(async () => {
      await db.exec(`CREATE TABLE coded (id serial PRIMARY KEY, code integer NOT NULL, amount numeric(10,2) NOT NULL,
        data jsonb NOT NULL, "plainJson" json NOT NULL)`);
    });

    it('are warnings that say which strings fail, and simple-json over json and jsonb is one too', async () => {
      const ds = await db.connect([Coded]);
      const findings = await findingsOf(ds);
      expect(findings.map((f) => [f.code, f.column, f.severity]), show(findings)).to.have.deep.members([
        ['type_mismatch', 'code', 'warning'],
        ['type_mismatch', 'amount', 'warning'],
        ['type_mismatch', 'data', 'warning'],
        ['type_mismatch', 'plainJson', 'warning'],
      ]);
      expect(findings.find((f) => f.column === 'code')?.message).to.match(/'42'.*'abc'.*fails/);
    });

    it('round-trip through TypeORM for numeric strings and JSON values; only other strings fail', async () => {
      const ds = await db.connect([Coded]);
      const repository = ds.getRepository(Coded);
      const value = { b: 1, a: [1, 'x', null], nested: { z: true } };
      const saved = await repository.save({ code: '42', amount: '4.5', data: value, plainJson: value });
      const loaded = await repository.findOneByOrFail({ id: saved.id });
      expect(loaded.code).to.equal(42); // loads back as a number
      expect(Number(loaded.amount)).to.equal(4.5);
      expect(loaded.data).to.deep.equal(value);
      expect(loaded.plainJson).to.deep.equal(value);
      expect(await repository.findOneBy({ code: '42' })).to.not.equal(null);
      for (const code of ['abc', '4.5', '']) {
        let failure: unknown;
        await repository.save({ code, amount: '1', data: {}, plainJson: {} }).catch((error: unknown) => (failure = error));
        expect(String(failure), code).to.match(/invalid input syntax for type integer/);
      }
      let failure: unknown;
      await repository.save({ code: '1', amount: 'abc', data: {}, plainJson: {} }).catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/invalid input syntax for type numeric/);
    });

    it('also for a string key and its join column over integer columns', async () => {
      await db.exec(`CREATE TABLE string_key_parent (id integer PRIMARY KEY);
        CREATE TABLE string_key_child (id serial PRIMARY KEY, parent_id integer NOT NULL REFERENCES string_key_parent (id))`);
      const ds = await db.connect([StringKeyParent, StringKeyChild]);
      const findings = await findingsOf(ds);
      expect(findings.map((f) => [f.code, f.table, f.column, f.severity]), show(findings)).to.have.deep.members([
        ['type_mismatch', 'string_key_parent', 'id', 'warning'],
        ['type_mismatch', 'string_key_child', 'parent_id', 'warning'],
      ]);
      await ds.getRepository(StringKeyParent).save({ id: '7' });
      await ds.getRepository(StringKeyChild).save({ parent: { id: '7' } });
      const [child] = await ds.getRepository(StringKeyChild).find({ relations: { parent: true } });
      expect(String(child.parent.id)).to.equal('7');
      let failure: unknown;
      await ds.getRepository(StringKeyParent).save({ id: 'seven' }).catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/invalid input syntax for type integer/);
    });
  });

  describe('names longer than 63 bytes', () => {
    it('are compared as PostgreSQL truncated them: clean after synchronize, TypeORM works, a drop is found', async () => {
      expect(LONG_TABLE.length).to.be.above(63);
      expect(LONG_COLUMN.length).to.be.above(63);
      expect(LONG_ENUM.length).to.be.above(63);
      const ds = await db.connect([LongNames], { synchronize: true });
      const findings = await findingsOf(ds);
      expect(findings, show(findings)).to.deep.equal([]);

      const repository = ds.getRepository(LongNames);
      const saved = await repository.save({ longColumn: 'hello', state: 'sent' });
      const loaded = await repository.findOneByOrFail({ id: saved.id });
      expect(loaded).to.include({ longColumn: 'hello', state: 'sent' });

      // The server truncates the long name in DROP COLUMN as it did in CREATE.
      await db.exec(`ALTER TABLE "${LONG_TABLE}" DROP COLUMN "${LONG_COLUMN}"`);
      const after = await findingsOf(ds);
      expect(after.map((f) => [f.code, f.table, f.column, f.severity]), show(after)).to.deep.equal([
        ['missing_column', LONG_TABLE.slice(0, 63), LONG_COLUMN.slice(0, 63), 'error'],
      ]);
    });
  });

  describe('invalid indexes', () => {
    it('satisfy no declaration and are reported: unique as a warning, plain as a warning when declared, else info', async () => {
      await db.exec(`CREATE TABLE account (id serial PRIMARY KEY, email varchar NOT NULL, bio text NOT NULL);
        INSERT INTO account (email, bio) VALUES ('a@x.org', 'short'), ('a@x.org', 'short');
        -- a btree entry is limited to about 2.7 kB: this incompressible value makes index builds on bio fail
        INSERT INTO account (email, bio) SELECT 'b@x.org', string_agg(md5(i::text), '') FROM generate_series(1, 400) i`);
      // CREATE INDEX CONCURRENTLY cannot run inside a transaction block: one statement per call.
      const failing = [
        'CREATE UNIQUE INDEX CONCURRENTLY account_email_key ON account (email)',
        'CREATE INDEX CONCURRENTLY account_bio_idx ON account (bio)',
        'CREATE INDEX CONCURRENTLY account_bio_lower_idx ON account (lower(bio))',
      ];
      for (const sql of failing) {
        let failure: unknown;
        await db.exec(sql).catch((error: unknown) => (failure = error));
        expect(String(failure), sql).to.match(/could not create unique index|index row/);
      }
      const invalid = await db.rows<{ relname: string }>(
        `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT i.indisvalid ORDER BY 1`,
      );
      expect(invalid.map((row) => row.relname)).to.deep.equal(['account_bio_idx', 'account_bio_lower_idx', 'account_email_key']);

      const ds = await db.connect([Account]);
      const findings = await findingsOf(ds);
      expect(findings.map((f) => [f.code, f.column, f.severity]), show(findings)).to.have.deep.members([
        ['invalid_index', 'email', 'warning'],
        ['invalid_index', 'bio', 'warning'],
        ['invalid_index', undefined, 'info'],
      ]);
      const unique = findings.find((f) => f.column === 'email');
      expect(unique?.message).to.match(/may already hold duplicates/).and.match(/unique Account declares is not in force/);
      expect(unique?.fix).to.match(/REINDEX INDEX CONCURRENTLY "account_email_key"/);

      // Once rebuilt (after removing the duplicates), the valid indexes satisfy the declarations.
      // (TRUNCATE rather than DELETE: REINDEX would still index deleted rows an open snapshot may see.)
      await db.exec(`TRUNCATE account`);
      await db.exec('REINDEX INDEX account_email_key; REINDEX INDEX account_bio_idx; DROP INDEX account_bio_lower_idx');
      const after = await findingsOf(ds);
      expect(after, show(after)).to.deep.equal([]);
    });
  });
});
