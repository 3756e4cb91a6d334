/**
 * Degrade mode beyond incident 004: a broken eager relation, a broken nested path, a missing
 * join column, a missing plain column (and what happens to values written to it), the
 * QueryBuilder error, uncontainable findings, restoring, and the default mode left untouched.
 */
import { expect } from 'chai';
import {
  DegradedRelationError,
  DegradedWriteError,
  SchemaDriftError,
  getSchemaDegradation,
  restoreSchemaDegradation,
  validateSchemaOnStartup,
} from '../../lib';
import { DIALECTS, TYPEORM_MAJOR, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';
import { Comment, DEGRADE_ENTITIES, Milestone, Note, Project, Tag, createBrokenSchema, repairBrokenSchema } from './fixtures';

for (const dialect of DIALECTS) {
  describe(`degrade mode on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await createBrokenSchema(db);
    });
    afterEach(async () => {
      await db.dispose();
    });

    /** A degraded DataSource with one project, a milestone and a tag (only what the broken database can hold). */
    async function degraded(options: { onDroppedWrite?: 'warn' | 'throw' } = {}) {
      const ds = await db.connect(DEGRADE_ENTITIES);
      const logger = recordingLogger();
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger, degrade: options });
      const project = await ds.getRepository(Project).save({ name: 'apollo' });
      await ds.getRepository(Milestone).save({ title: 'launch', project });
      await ds.getRepository(Tag).save({ name: 'space' });
      return { ds, logger, report, project };
    }
    const degradeWarnings = (logger: ReturnType<typeof recordingLogger>, about: string) =>
      logger.logs.filter((log) => log.level === 'warn' && log.message?.includes(about));

    it('reports every degraded relation and column with the finding behind it', async () => {
      const { report } = await degraded();
      const entries = report.degraded!.map((entry) => `${entry.kind} ${entry.relation ?? entry.property} ${entry.finding.code} ${entry.finding.table}`);
      expect(entries.sort()).to.deep.equal([
        'column Comment.project missing_column comments',
        'column Note.priority missing_column notes',
        'relation Comment.project missing_column comments',
        'relation Milestone.tags missing_table milestone_tags',
        'relation Project.comments missing_column comments',
        'relation Project.tags missing_table project_tags',
      ]);
    });

    it('a broken eager relation is no longer joined; the skip is logged once and counted', async () => {
      const { ds, logger, project } = await degraded();
      for (let i = 0; i < 3; i++) {
        const loaded = await ds.getRepository(Project).findOneByOrFail({ id: project.id });
        expect(loaded.name).to.equal('apollo');
        expect(loaded.tags).to.equal(undefined);
      }
      expect(degradeWarnings(logger, 'Project.tags')).to.have.length(1);
      expect(getSchemaDegradation(ds).skips['Project.tags']).to.equal(3);
    });

    it('a broken nested path is skipped, the rest of the path loads (object form)', async () => {
      const { ds, logger, project } = await degraded();
      const loaded = await ds.manager.findOneOrFail(Project, { where: { id: project.id }, relations: { milestones: { tags: true } } });
      expect(loaded.milestones.map((milestone) => milestone.title)).to.deep.equal(['launch']);
      expect(loaded.milestones[0].tags).to.equal(undefined);
      await ds.transaction((manager) => manager.find(Project, { relations: { milestones: { tags: true }, comments: true } }));
      const byQueries = await ds.getRepository(Project).findOneOrFail({
        where: { id: project.id },
        relations: { milestones: { tags: true } },
        relationLoadStrategy: 'query',
      });
      expect(byQueries.milestones.map((milestone) => milestone.tags)).to.deep.equal([undefined]);
      expect(degradeWarnings(logger, 'Milestone.tags')).to.have.length(1);
      expect(getSchemaDegradation(ds).skips).to.include({ 'Milestone.tags': 3, 'Project.comments': 1 });
    });

    if (TYPEORM_MAJOR === 0) {
      it('a broken nested path is skipped in the array form of relations (TypeORM 0.3)', async () => {
        const { ds, project } = await degraded();
        const relations = ['milestones', 'milestones.tags', 'comments'];
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const loaded = await ds.getRepository(Project).findOneOrFail({ where: { id: project.id }, relations: relations as any });
        expect(loaded.milestones).to.have.length(1);
        expect(loaded.comments).to.equal(undefined);
        expect(relations).to.deep.equal(['milestones', 'milestones.tags', 'comments']);
      });
    }

    it('a missing join column degrades both sides of the relation; the entity is still saved and read', async () => {
      const { ds, project } = await degraded();
      const saved = await ds.getRepository(Comment).save({ body: 'go' });
      const loaded = await ds.getRepository(Comment).findOneOrFail({ where: { id: saved.id }, relations: { project: true } });
      expect(loaded).to.include({ id: saved.id, body: 'go', project: undefined });
      const withComments = await ds.getRepository(Project).findOneOrFail({ where: { id: project.id }, relations: { comments: true } });
      expect(withComments.comments).to.equal(undefined);
    });

    it('a missing plain column: the entity is saved and read, the value sent for it is logged as lost', async () => {
      const { ds, logger } = await degraded();
      const notes = ds.getRepository(Note);
      const saved = await notes.save({ text: 'hello', priority: 5 });
      const loaded = await notes.findOneByOrFail({ id: saved.id });
      expect(loaded).to.include({ id: saved.id, text: 'hello', priority: undefined });
      const selected = await notes.find({ select: { id: true, text: true, priority: true }, where: { id: saved.id } });
      expect(selected.map((note) => note.text)).to.deep.equal(['hello']);
      await notes.update({ id: saved.id }, { text: 'hello again' });
      expect((await notes.findOneByOrFail({ id: saved.id })).text).to.equal('hello again');
      expect(degradeWarnings(logger, 'value for degraded Note.priority')).to.have.length(1);
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal({ 'Note.priority': 1 });
    });

    it("onDroppedWrite 'throw' refuses a write that would lose a value, and saves nothing", async () => {
      const { ds } = await degraded({ onDroppedWrite: 'throw' });
      let failure: unknown;
      await ds.getRepository(Note).save({ text: 'hello', priority: 5 }).catch((error) => (failure = error));
      expect(failure).to.be.instanceOf(DegradedWriteError);
      expect(failure).to.include({ property: 'Note.priority' });
      expect(await ds.getRepository(Note).count()).to.equal(0);
      await ds.getRepository(Note).save({ text: 'no priority' });
      expect(await ds.getRepository(Note).count()).to.equal(1);
    });

    it('a QueryBuilder join on a degraded relation throws DegradedRelationError before any SQL', async () => {
      const { ds } = await degraded();
      let failure: unknown;
      const sent: string[] = [];
      await ds
        .transaction(async (manager) => {
          const original = manager.queryRunner!.query.bind(manager.queryRunner);
          manager.queryRunner!.query = ((sql: string, ...rest: unknown[]) => {
            sent.push(sql);
            return (original as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
          }) as typeof original;
          await manager.getRepository(Project).createQueryBuilder('project').leftJoinAndSelect('project.tags', 'tag').getMany();
        })
        .catch((error) => (failure = error));
      expect(failure).to.be.instanceOf(DegradedRelationError);
      expect(failure).to.include({ relation: 'Project.tags' });
      expect((failure as DegradedRelationError).finding).to.include({ code: 'missing_table', table: 'project_tags' });
      expect(sent.filter((sql) => /project_tags/.test(sql))).to.deep.equal([]);
      // A join on a healthy relation still works.
      const rows = await ds.getRepository(Project).createQueryBuilder('project').leftJoinAndSelect('project.milestones', 'm').getMany();
      expect(rows[0].milestones).to.have.length(1);
    });

    it('uncontainable findings still throw, unless degrade.allowUncontainable', async () => {
      await db.exec('DROP TABLE "notes"');
      const ds = await db.connect(DEGRADE_ENTITIES);
      let failure: unknown;
      await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() }).catch((error) => (failure = error));
      expect(failure).to.be.instanceOf(SchemaDriftError);
      expect(getSchemaDegradation(ds).isDegraded).to.equal(false);
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger(), degrade: { allowUncontainable: true } });
      expect(report.ok).to.equal(false);
      expect(getSchemaDegradation(ds).isDegraded).to.equal(true);
    });

    it('restores full loading after the repair, by validating again or explicitly', async () => {
      const { ds, project } = await degraded();
      const tagsColumn = ds.getMetadata(Note).findColumnWithPropertyName('priority')!;
      expect(tagsColumn.isSelect).to.equal(false);
      await repairBrokenSchema(db);
      const report = await validateSchemaOnStartup(ds, { mode: 'degrade', logger: recordingLogger() });
      expect(report.degraded).to.deep.equal([]);
      expect(tagsColumn).to.include({ isSelect: true, isInsert: true, isUpdate: true });
      expect(ds.getMetadata(Project).eagerRelations.map((relation) => relation.propertyName)).to.deep.equal(['tags']);
      const tag = await ds.getRepository(Tag).findOneByOrFail({ name: 'space' });
      await ds.getRepository(Project).save({ ...project, tags: [tag] });
      const loaded = await ds.getRepository(Project).findOneOrFail({ where: { id: project.id }, relations: { milestones: { tags: true } } });
      expect(loaded.tags.map((t) => t.name)).to.deep.equal(['space']);
      expect(loaded.milestones[0].tags).to.deep.equal([]);
      const note = await ds.getRepository(Note).save({ text: 'hello', priority: 5 });
      expect((await ds.getRepository(Note).findOneByOrFail({ id: note.id })).priority).to.equal(5);
    });

    it('the default mode is untouched, and a DataSource that is not degraded is not affected', async () => {
      const { ds } = await degraded();
      const other = await db.connect(DEGRADE_ENTITIES);
      let failure: unknown;
      await other.getRepository(Project).find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/project_tags/);
      expect(() => other.getRepository(Project).createQueryBuilder('p').leftJoin('p.tags', 't')).not.to.throw();
      await validateSchemaOnStartup(other).catch((error) => (failure = error));
      expect(failure).to.be.instanceOf(SchemaDriftError);
      expect(getSchemaDegradation(other).isDegraded).to.equal(false);
      const prototype = Object.getPrototypeOf(ds.createQueryBuilder());
      const patched = prototype.setFindOptions;
      expect(restoreSchemaDegradation(ds)).to.equal(true);
      expect(prototype.setFindOptions).not.to.equal(patched);
      expect(Object.prototype.hasOwnProperty.call(ds.getMetadata(Note), 'getInsertionReturningColumns')).to.equal(false);
      failure = undefined;
      await ds.getRepository(Project).find().catch((error) => (failure = error));
      expect(String(failure)).to.match(/project_tags/);
    });
  });
}
