/**
 * Several metadatas mapping one table (seen 48 times on real applications): an explicit entity
 * over a many-to-many junction table, and two entities over one table. Synchronised: no finding;
 * a column only one of them maps is dropped: `missing_column` naming that entity, and TypeORM's
 * own loads prove which one breaks.
 */
import { expect } from 'chai';
import { Column, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { type Finding, validateSchemaOnStartup } from '../../lib';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { findingTuples } from '../support/finding-tuples';

@Entity('shared_tag')
class SharedTag {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
}

@Entity('shared_post')
class SharedPost {
  @PrimaryGeneratedColumn() id!: number;
  @Column() title!: string;
  @ManyToMany(() => SharedTag)
  @JoinTable({ name: 'shared_post_tag', joinColumn: { name: 'postId' }, inverseJoinColumn: { name: 'tagId' } })
  tags!: SharedTag[];
}

/** The junction table, mapped explicitly as well, with a column of its own. */
@Entity('shared_post_tag')
class PostTagLink {
  @PrimaryColumn() postId!: number;
  @PrimaryColumn() tagId!: number;
  @Column({ default: 0 }) weight!: number;
  @ManyToOne(() => SharedPost, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'postId' }) post!: SharedPost;
  @ManyToOne(() => SharedTag, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'tagId' }) tag!: SharedTag;
}

/** Two entities over one table, as in single-table inheritance without a type column. */
@Entity('shared_account')
class AccountRow {
  @PrimaryGeneratedColumn() id!: number;
  @Column() email!: string;
}

@Entity('shared_account')
class AccountProfile {
  @PrimaryGeneratedColumn() id!: number;
  @Column() email!: string;
  @Column({ type: 'varchar', nullable: true }) bio!: string | null;
}

const ENTITIES = [SharedTag, SharedPost, PostTagLink, AccountRow, AccountProfile];
const silentLogger = { info() {}, warn() {}, error() {} };

async function findingsOf(db: TestDatabase): Promise<Finding[]> {
  const ds = await db.connect(ENTITIES);
  return (await validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger })).findings;
}

for (const dialect of DIALECTS) {
  describe(`several metadatas mapping one table on ${dialect}`, function () {
    this.timeout(60_000);
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await db.connect(ENTITIES, { synchronize: true });
    });
    afterEach(() => db.dispose());

    it('reports nothing on the schema TypeORM synchronised, and checks each table once', async () => {
      const ds = await db.connect(ENTITIES);
      const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: silentLogger });
      expect(findingTuples(report.findings)).to.deep.equal([]);
      expect(report.stats.tables).to.equal(4);
    });

    it('reports nothing on a migration-built junction whose keys say NO ACTION on update', async () => {
      await db.exec(`DROP TABLE shared_post_tag`);
      await db.exec(`CREATE TABLE shared_post_tag (
        "postId" integer NOT NULL REFERENCES shared_post (id) ON DELETE CASCADE ON UPDATE NO ACTION,
        "tagId" integer NOT NULL REFERENCES shared_tag (id) ON DELETE CASCADE ON UPDATE NO ACTION,
        weight integer NOT NULL DEFAULT 0,
        PRIMARY KEY ("postId", "tagId"))`);
      await db.exec(`CREATE INDEX shared_post_tag_post ON shared_post_tag ("postId")`);
      await db.exec(`CREATE INDEX shared_post_tag_tag ON shared_post_tag ("tagId")`);
      // The explicit entity declares NO ACTION on update: the database matches it.
      expect(findingTuples(await findingsOf(db))).to.deep.equal([]);
    });

    it('a column only the explicit entity maps: missing_column naming it; the junction relation still loads', async () => {
      await db.exec(`ALTER TABLE shared_post_tag DROP COLUMN weight`);
      const findings = await findingsOf(db);
      expect(findingTuples(findings)).to.deep.equal(['error missing_column shared_post_tag.weight']);
      const [missing] = findings;
      expect(missing.entity).to.equal('PostTagLink');
      expect(missing.message).to.contain('every load of PostTagLink fails').and.not.to.contain('SharedPost');

      const ds = await db.connect(ENTITIES);
      const tag = await ds.getRepository(SharedTag).save({ name: 'a' });
      const post = await ds.getRepository(SharedPost).save({ title: 'p', tags: [tag] });
      const loaded = await ds.getRepository(SharedPost).findOneOrFail({ where: { id: post.id }, relations: { tags: true } });
      expect(loaded.tags.map((t) => t.name)).to.deep.equal(['a']);
      let failure: unknown;
      await ds.getRepository(PostTagLink).find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/weight/);
    });

    it('degrade mode loads the explicit entity around a column only it maps; the junction is untouched', async () => {
      await db.exec(`ALTER TABLE shared_post_tag DROP COLUMN weight`);
      const ds = await db.connect(ENTITIES);
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger: silentLogger });
      expect(report.degraded!.map((d) => `${d.kind} ${d.property ?? d.relation}`)).to.deep.equal(['column PostTagLink.weight']);
      const tag = await ds.getRepository(SharedTag).save({ name: 'a' });
      const post = await ds.getRepository(SharedPost).save({ title: 'p', tags: [tag] });
      expect(await ds.getRepository(PostTagLink).findBy({ postId: post.id })).to.have.length(1);
    });

    it('a join column both map: missing_column naming the explicit entity and the relation through the junction', async () => {
      await db.exec(`DROP TABLE shared_post_tag`);
      await db.exec(`CREATE TABLE shared_post_tag ("postId" integer NOT NULL, weight integer NOT NULL DEFAULT 0)`);
      const findings = await findingsOf(db);
      const missing = findings.find((f) => f.code === 'missing_column' && f.column === 'tagId')!;
      expect(missing).to.include({ entity: 'PostTagLink', relation: 'PostTagLink.tag' });
      expect(missing.message).to.contain('every load of PostTagLink, and every load through SharedPost.tags, fails');
    });

    it('a column only one of two entities maps: missing_column naming that entity; the other still loads', async () => {
      await db.exec(`ALTER TABLE shared_account DROP COLUMN bio`);
      const findings = await findingsOf(db);
      expect(findingTuples(findings)).to.deep.equal(['error missing_column shared_account.bio']);
      expect(findings[0].entity).to.equal('AccountProfile');
      expect(findings[0].message).to.contain('every load of AccountProfile fails');

      const ds = await db.connect(ENTITIES);
      await ds.getRepository(AccountRow).save({ email: 'a@example.com' });
      expect(await ds.getRepository(AccountRow).count()).to.equal(1);
      let failure: unknown;
      await ds.getRepository(AccountProfile).find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/bio/);
    });
  });
}
