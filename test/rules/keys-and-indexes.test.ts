/**
 * Key and index rules on migration-built tables (issue 10), on both databases: what the database
 * has differs from what TypeORM would create, but does the same job (or a stricter one). Each is
 * at most a warning; the downgraded error is proven with TypeORM's own save, find, update,
 * upsert and delete on the drifted table.
 */
import { expect } from 'chai';
import { Column, DeleteDateColumn, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { type Finding, validateSchemaOnStartup } from '../../lib';
import { DIALECTS, type TestDatabase, type TestDialect, createDatabase } from '../support/databases';
import { findingTuples } from '../support/finding-tuples';

@Entity('rule_setting')
class RuleSetting {
  @PrimaryColumn({ type: 'varchar' }) scope!: string;
  @PrimaryColumn({ type: 'varchar' }) name!: string;
  @Column({ type: 'varchar' }) value!: string;
}

@Entity('rule_owner')
class RuleOwner {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToMany(() => RuleLabel) @JoinTable({ name: 'rule_owner_labels' }) labels!: RuleLabel[];
}

@Entity('rule_label')
class RuleLabel {
  @PrimaryGeneratedColumn() id!: number;
}

@Entity('rule_item')
class RuleItem {
  @PrimaryGeneratedColumn() id!: number;
  @ManyToOne(() => RuleOwner) owner!: RuleOwner;
}

@Entity('rule_event')
@Index(['accountId'])
@Index(['removedAt'])
@Index(['email'], { unique: true, where: '"removedAt" IS NULL' })
@Index(['code'], { unique: true })
class RuleEvent {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) accountId!: number;
  @Column({ type: 'integer' }) seq!: number;
  @Column({ type: 'varchar' }) email!: string;
  @Column({ type: 'varchar', nullable: true }) code!: string | null;
  @Column({ type: 'integer', nullable: true }) removedAt!: number | null;
}

/** A log table whose migration never declared a key at all (Flowise's login_activity). */
@Entity('rule_login')
class RuleLogin {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar' }) message!: string;
}

/** A soft-deletable entity whose migration indexes only the rows that are not deleted (Medusa's style). */
@Entity('rule_note')
@Index(['ownerRef'])
class RuleNote {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'integer' }) ownerRef!: number;
  @DeleteDateColumn() deletedAt?: Date | null;
}

const ENTITIES = [RuleSetting, RuleOwner, RuleLabel, RuleItem, RuleEvent, RuleLogin, RuleNote];
const silentLogger = { info() {}, warn() {}, error() {} };

/** The tables as hand-written migrations build them: equivalent, not identical, to what TypeORM creates. */
function migrationBuilt(dialect: TestDialect): string[] {
  const id = dialect === 'postgres' ? 'id serial PRIMARY KEY' : 'id integer PRIMARY KEY AUTOINCREMENT NOT NULL';
  return [
    // No primary key; a unique index on exactly the entity's key.
    `CREATE TABLE rule_setting (scope varchar NOT NULL, name varchar NOT NULL, value varchar NOT NULL)`,
    `CREATE TABLE rule_note (${id}, "ownerRef" integer NOT NULL, "deletedAt" ${dialect === 'postgres' ? 'timestamp' : 'datetime'})`,
    `CREATE INDEX rule_note_owner_live ON rule_note ("ownerRef") WHERE "deletedAt" IS NULL`,
    // No primary key and no unique index at all.
    dialect === 'postgres'
      ? `CREATE TABLE rule_login (id uuid NOT NULL DEFAULT gen_random_uuid(), message varchar NOT NULL)`
      : `CREATE TABLE rule_login (id varchar NOT NULL, message varchar NOT NULL)`,
    `CREATE UNIQUE INDEX rule_setting_key ON rule_setting (scope, name)`,
    `CREATE TABLE rule_owner (${id})`,
    `CREATE TABLE rule_label (${id})`,
    // The junction TypeORM declares ON UPDATE CASCADE; the migration says NO ACTION.
    `CREATE TABLE rule_owner_labels (
       "ruleOwnerId" integer NOT NULL REFERENCES rule_owner (id) ON DELETE CASCADE ON UPDATE NO ACTION,
       "ruleLabelId" integer NOT NULL REFERENCES rule_label (id) ON DELETE CASCADE ON UPDATE NO ACTION,
       PRIMARY KEY ("ruleOwnerId", "ruleLabelId"))`,
    `CREATE INDEX rule_owner_labels_owner ON rule_owner_labels ("ruleOwnerId")`,
    `CREATE INDEX rule_owner_labels_label ON rule_owner_labels ("ruleLabelId")`,
    // RESTRICT where the entity leaves the default NO ACTION.
    `CREATE TABLE rule_item (${id}, "ownerId" integer REFERENCES rule_owner (id) ON DELETE RESTRICT ON UPDATE RESTRICT)`,
    `CREATE TABLE rule_event (${id}, "accountId" integer NOT NULL, seq integer NOT NULL, email varchar NOT NULL,
       code varchar, "removedAt" integer)`,
    // Covers @Index(['accountId']) through its leading column.
    `CREATE INDEX rule_event_account_seq ON rule_event ("accountId", seq)`,
    `CREATE INDEX rule_event_removed ON rule_event ("removedAt") WHERE "removedAt" IS NOT NULL`,
    // Full, where a partial unique is declared: stricter.
    `CREATE UNIQUE INDEX rule_event_email ON rule_event (email)`,
    `CREATE UNIQUE INDEX rule_event_code ON rule_event (code) WHERE code IS NOT NULL`,
  ];
}

for (const dialect of DIALECTS) {
  describe(`key and index rules on migration-built tables on ${dialect}`, function () {
    this.timeout(60_000);
    let db: TestDatabase;
    let findings: Finding[];
    beforeEach(async () => {
      db = await createDatabase(dialect);
      for (const statement of migrationBuilt(dialect)) await db.exec(statement);
      const ds = await db.connect(ENTITIES);
      findings = (await validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger })).findings;
    });
    afterEach(() => db.dispose());

    const find = (code: string, table: string) => findings.find((f) => f.code === code && f.table === table)!;

    it('reports each difference at its weight, and no error', () => {
      expect(findingTuples(findings)).to.deep.equal([
        'info foreign_key_mismatch rule_item.ownerId',
        'info foreign_key_mismatch rule_owner_labels.ruleLabelId',
        'info foreign_key_mismatch rule_owner_labels.ruleOwnerId',
        'info missing_index rule_event.removedAt',
        'info missing_index rule_note.ownerRef',
        'info missing_unique rule_event.code',
        'warning missing_unique rule_event.email',
        'warning primary_key_mismatch rule_login',
        'warning primary_key_mismatch rule_setting',
      ]);
    });

    it('no primary key but a unique index on the key: a warning, and TypeORM saves, finds, updates, upserts and deletes', async () => {
      expect(find('primary_key_mismatch', 'rule_setting').message).to.contain('no primary key, but a unique index on (scope, name)');
      const ds = await db.connect(ENTITIES);
      const settings = ds.getRepository(RuleSetting);
      await settings.save([{ scope: 'a', name: 'x', value: '1' }, { scope: 'b', name: 'x', value: '2' }]);
      await settings.save({ scope: 'a', name: 'x', value: '3' });
      expect(await settings.findOneByOrFail({ scope: 'a', name: 'x' })).to.include({ value: '3' });
      await settings.update({ scope: 'b', name: 'x' }, { value: '4' });
      await settings.upsert({ scope: 'b', name: 'x', value: '5' }, ['scope', 'name']);
      expect((await settings.find({ order: { scope: 'ASC' } })).map((s) => s.value)).to.deep.equal(['3', '5']);
      await settings.remove(await settings.findOneByOrFail({ scope: 'a', name: 'x' }));
      expect(await settings.count()).to.equal(1);
    });

    it('no primary key and no unique index: a warning, since TypeORM saves, finds, updates and removes by the key; only upsert fails', async () => {
      expect(find('primary_key_mismatch', 'rule_login').message).to.contain('upsert fails');
      const ds = await db.connect(ENTITIES);
      const logins = ds.getRepository(RuleLogin);
      const [a, b] = await logins.save([{ message: 'a' }, { message: 'b' }]);
      expect(a.id).to.match(/^[0-9a-f]{8}-/);
      await logins.save({ ...a, message: 'a2' });
      await logins.update({ id: b.id }, { message: 'b2' });
      expect((await logins.find({ order: { message: 'ASC' } })).map((l) => l.message)).to.deep.equal(['a2', 'b2']);
      await logins.remove(await logins.findOneByOrFail({ id: a.id }));
      expect(await logins.count()).to.equal(1);
      // ON CONFLICT needs a constraint to conflict on: every upsert fails.
      let upsertError: unknown;
      await logins.upsert({ id: b.id, message: 'b3' }, ['id']).catch((error: unknown) => (upsertError = error));
      expect(String(upsertError)).to.match(/ON CONFLICT|constraint/i);
    });

    it('a plain index present only WHERE the delete-date column IS NULL: info, since every find adds that condition', async () => {
      expect(find('missing_index', 'rule_note').message).to.contain('every find of RuleNote uses it');
      const ds = await db.connect(ENTITIES);
      const notes = ds.getRepository(RuleNote);
      await notes.save([{ ownerRef: 1 }, { ownerRef: 2 }]);
      const [sql] = notes.createQueryBuilder('note').where({ ownerRef: 1 }).getQueryAndParameters();
      expect(sql).to.match(/"deletedAt" IS NULL/);
      expect(await notes.countBy({ ownerRef: 1 })).to.equal(1);
    });

    it('RESTRICT for NO ACTION: info, saying that they behave the same', () => {
      const restrict = find('foreign_key_mismatch', 'rule_item');
      expect(restrict.message).to.contain('RESTRICT and NO ACTION behave the same on a non-deferrable foreign key');
    });

    it("a junction's ON UPDATE NO ACTION where TypeORM declares CASCADE: info, saying why", () => {
      const junction = find('foreign_key_mismatch', 'rule_owner_labels');
      expect(junction.expected).to.equal('ON DELETE CASCADE ON UPDATE CASCADE');
      expect(junction.message).to.contain('only acts when a referenced primary key value changes');
    });

    it('a partial index WHERE col IS NOT NULL serves equality lookups on col', async () => {
      expect(find('missing_index', 'rule_event').message).to.contain('every equality lookup on removedAt uses it');
      const plan =
        dialect === 'postgres'
          ? (await db.exec('SET enable_seqscan = off'),
            await db.rows<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT * FROM rule_event WHERE "removedAt" = 5`)).map((r) => r['QUERY PLAN'])
          : (await db.rows<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT * FROM rule_event WHERE "removedAt" = 5`)).map((r) => r.detail);
      expect(plan.join('\n')).to.contain('rule_event_removed');
    });

    it('a full unique where a partial one is declared: info, and the message says which inserts fail', async () => {
      const stricter = find('missing_unique', 'rule_event');
      const email = findings.find((f) => f.code === 'missing_unique' && f.column === 'email')!;
      expect(stricter).to.not.equal(undefined);
      expect(email.message).to.contain('stricter than declared, so inserting a duplicate of a row outside that condition fails');
      const ds = await db.connect(ENTITIES);
      const events = ds.getRepository(RuleEvent);
      await events.save({ accountId: 1, seq: 1, email: 'a@x', code: null, removedAt: 5 });
      let failure: unknown;
      await events.save({ accountId: 1, seq: 2, email: 'a@x', code: null, removedAt: null }).catch((error) => (failure = error));
      expect(String(failure)).to.match(/unique/i);
    });
  });
}
