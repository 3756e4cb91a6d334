/**
 * Issue 17: degrade mode never loses a write or changes a result silently. Links over a missing
 * join column (cascaded from either side, to a new or an existing entity) are counted and logged,
 * or refused; criteria naming a degraded column are refused before any SQL; and only writes that
 * went through are counted. Row counts and rows are read outside TypeORM.
 */
import { expect } from 'chai';
import { IsNull, MoreThan, Not } from 'typeorm';
import { DegradedCriteriaError, DegradedWriteError, getSchemaDegradation, validateSchemaOnStartup } from '../../lib';
import { DIALECTS, TYPEORM_MAJOR, type TestDatabase, createDatabase } from '../support/databases';
import { recordingLogger } from '../support/silent-logger';
import { Account, Member, Profile, Team, Ticket, WRITE_ENTITIES, createSchemaWithoutLinks } from './write-fixtures';

const TABLES = ['teams', 'members', 'profiles', 'accounts', 'tickets'];

for (const dialect of DIALECTS) {
  describe(`degrade mode: lost links, refused criteria and honest counts on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      await createSchemaWithoutLinks(db);
    });
    afterEach(async () => {
      await db.dispose();
    });

    /** A degraded DataSource that records every SQL statement TypeORM sends. */
    async function degraded(onDroppedWrite: 'warn' | 'throw' = 'warn') {
      const sent: string[] = [];
      const ignore = () => undefined;
      const ds = await db.connect(WRITE_ENTITIES, {
        logging: true,
        logger: { logQuery: (sql: string) => void sent.push(sql), logQueryError: ignore, logQuerySlow: ignore, logSchemaBuild: ignore, logMigration: ignore, log: ignore },
      });
      const logger = recordingLogger();
      await validateSchemaOnStartup(ds, { mode: 'degrade', logger, degrade: { onDroppedWrite } });
      return { ds, logger, sent };
    }
    const rowCounts = async () => {
      const counts: Record<string, number> = {};
      for (const table of TABLES) counts[table] = Number((await db.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);
      return counts;
    };
    const warnings = (logger: ReturnType<typeof recordingLogger>) =>
      logger.logs.filter((log) => log.level === 'warn' && /schema degrade: .*(saved without|refused)/.test(log.message ?? '')).map((log) => log.message!);
    /** The four ways to set a link stored in a missing join column, each with new entities on both sides. */
    const cascadedLinks = (ds: Awaited<ReturnType<typeof degraded>>['ds']) => [
      () => ds.getRepository(Team).save({ name: 'apollo', members: [{ name: 'ann' }, { name: 'bob' }] }),
      () => ds.getRepository(Member).save({ name: 'cat', team: { name: 'gemini' } }),
      () => ds.getRepository(Account).save({ name: 'acc', profile: { bio: 'owner side' } }),
      () => ds.getRepository(Profile).save({ bio: 'inverse side', account: { name: 'acc2' } }),
    ];

    it('a cascaded link over a missing join column is written without the link, and counted and logged as lost', async () => {
      const { ds, logger } = await degraded();
      for (const save of cascadedLinks(ds)) await save();
      // An existing target: the link has a value, and is lost the same way.
      const team = await ds.getRepository(Team).findOneByOrFail({ name: 'apollo' });
      await ds.manager.save(Member, { name: 'dan', team });
      // An existing parent with a one-to-many: TypeORM first reads the current links through the missing column.
      const refused = await ds.getRepository(Team).save({ ...team, members: [{ name: 'eve' }] }).then(() => undefined, (error) => error);
      expect(refused).to.be.instanceOf(DegradedCriteriaError);
      expect(refused).to.include({ property: 'Member.team' });
      expect(await rowCounts()).to.deep.equal({ teams: 2, members: 4, profiles: 2, accounts: 2, tickets: 0 });
      // The rows hold what was written and nothing else: there is no column to hold the link.
      expect(await db.rows('SELECT * FROM "members" ORDER BY "id"')).to.deep.equal(
        ['ann', 'bob', 'cat', 'dan'].map((name, index) => ({ id: index + 1, name })),
      );
      expect(await db.rows('SELECT * FROM "accounts" ORDER BY "id"')).to.deep.equal([{ id: 1, name: 'acc' }, { id: 2, name: 'acc2' }]);
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal({ 'Member.team': 4, 'Account.profile': 2 });
      const logged = warnings(logger);
      expect(logged).to.have.length(6);
      expect(logged.filter((message) => message.includes('a link set through Team.members, stored in degraded Member.team: that link is lost'))).to.have.length(2);
      expect(logged.filter((message) => message.includes('a link set through Profile.account, stored in degraded Account.profile'))).to.have.length(1);
      expect(logged.filter((message) => /insert saved without the value for degraded Member\.team/.test(message))).to.have.length(2);
    });

    it("onDroppedWrite 'throw' refuses every cascaded link before anything is written", async () => {
      const { ds, logger, sent } = await degraded('throw');
      const failures: unknown[] = [];
      sent.length = 0;
      for (const save of cascadedLinks(ds)) failures.push(await save().then(() => undefined, (error) => error));
      const team = await ds.getRepository(Team).save({ name: 'existing' });
      failures.push(await ds.manager.save(Member, { name: 'dan', team }).then(() => undefined, (error) => error));
      // In a transaction, the refusal comes before the save's statements; the caller's own writes roll back with it.
      failures.push(
        await ds
          .transaction(async (manager) => {
            await manager.save(Ticket, { title: 'rolled back' });
            await manager.save(Team, { name: 'in a transaction', members: [{ name: 'eve' }] });
          })
          .then(() => undefined, (error) => error),
      );
      for (const failure of failures) expect(failure).to.be.instanceOf(DegradedWriteError);
      expect(failures.map((failure) => [(failure as DegradedWriteError).property, (failure as DegradedWriteError).via])).to.deep.equal([
        ['Member.team', 'Team.members'],
        ['Member.team', undefined],
        ['Account.profile', undefined],
        ['Account.profile', 'Profile.account'],
        ['Member.team', undefined],
        ['Member.team', 'Team.members'],
      ]);
      expect(await rowCounts()).to.deep.equal({ teams: 1, members: 0, profiles: 0, accounts: 0, tickets: 0 });
      expect(sent.filter((sql) => /INSERT INTO "(members|accounts|profiles)"/.test(sql))).to.deep.equal([]);
      // Refusals are logged and counted too (the first save carried two links).
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal({ 'Member.team': 5, 'Account.profile': 2 });
      expect(warnings(logger).every((message) => message.includes('refused'))).to.equal(true);
    });

    it('a value set on a loaded entity for a degraded column alone is counted (TypeORM sends no UPDATE), or refused', async () => {
      const warn = await degraded();
      const saved = await warn.ds.getRepository(Ticket).save({ title: 'a' });
      const loaded = await warn.ds.getRepository(Ticket).findOneByOrFail({ id: saved.id });
      loaded.priority = 7;
      await warn.ds.getRepository(Ticket).save(loaded);
      expect(getSchemaDegradation(warn.ds).droppedWrites).to.deep.equal({ 'Ticket.priority': 1 });
      expect(warnings(warn.logger)).to.have.length(1);
      const strict = await degraded('throw');
      const again = await strict.ds.getRepository(Ticket).findOneByOrFail({ id: saved.id });
      again.priority = 8;
      again.title = 'changed';
      const failure = await strict.ds.getRepository(Ticket).save(again).then(() => undefined, (error) => error);
      expect(failure).to.be.instanceOf(DegradedWriteError);
      expect(await db.rows('SELECT "title" FROM "tickets"')).to.deep.equal([{ title: 'a' }]);
    });

    it('criteria naming a degraded column are refused before any SQL, in every write and read API', async () => {
      const { ds, sent } = await degraded();
      const tickets = ds.getRepository(Ticket);
      await tickets.save([{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
      const before = await db.rows('SELECT * FROM "tickets" ORDER BY "id"');
      const attempts: [string, () => Promise<unknown>][] = [
        ['repository update', () => tickets.update({ priority: MoreThan(5) }, { title: 'x' })],
        ['repository delete', () => tickets.delete({ priority: Not(IsNull()) })],
        ['repository softDelete', () => tickets.softDelete({ priority: 5 })],
        ['repository restore', () => tickets.restore({ priority: 5 })],
        ['repository increment', () => tickets.increment({ priority: MoreThan(1) }, 'votes', 1)],
        ['repository decrement', () => tickets.decrement({ priority: MoreThan(1) }, 'votes', 1)],
        ['manager update', () => ds.manager.update(Ticket, { priority: 1 }, { title: 'x' })],
        ['transaction delete', () => ds.transaction((manager) => manager.delete(Ticket, { priority: IsNull() }))],
        ['QueryBuilder update, string', () => ds.createQueryBuilder().update(Ticket).set({ title: 'x' }).where('priority > :p', { p: 5 }).execute()],
        ['QueryBuilder update, object', () => ds.createQueryBuilder().update(Ticket).set({ title: 'x' }).where({ priority: MoreThan(5) }).execute()],
        ['QueryBuilder delete', () => ds.createQueryBuilder().delete().from(Ticket).where('priority IS NOT NULL').execute()],
        ['QueryBuilder softDelete', () => tickets.createQueryBuilder().softDelete().where('priority = :p', { p: 1 }).execute()],
        ['find where', () => tickets.find({ where: { priority: 5 } })],
        ['find where, OR branch', () => tickets.find({ where: [{ title: 'a' }, { priority: IsNull() }] })],
        ['find order', () => tickets.find({ order: { priority: 'DESC' } })],
        ['findOneBy', () => tickets.findOneBy({ priority: 1 })],
        ['count', () => tickets.count({ where: { priority: Not(1) } })],
        ['QueryBuilder select where', () => tickets.createQueryBuilder('ticket').where('ticket.priority > 5').getMany()],
        ['QueryBuilder orderBy', () => tickets.createQueryBuilder('ticket').orderBy('ticket.priority', 'DESC').getMany()],
        ['QueryBuilder groupBy', () => tickets.createQueryBuilder('ticket').select('COUNT(*)', 'n').groupBy('ticket.priority').getRawMany()],
        // A fragment that quotes the name itself: on the sqlite3 driver, "priority" alone is the string 'priority'.
        ['QueryBuilder update, quoted name', () => ds.createQueryBuilder().update(Ticket).set({ title: 'x' }).where('"priority" > 5').execute()],
        ['QueryBuilder select, quoted name', () => tickets.createQueryBuilder('ticket').where('"priority" IS NOT NULL').getMany()],
        ['QueryBuilder select of the column', () => tickets.createQueryBuilder('ticket').select('ticket.priority').getRawMany()],
        ['sum over the column', () => tickets.sum('priority' as 'votes')],
        ['a join by entity class on the join column', () => ds.getRepository(Team).createQueryBuilder('team').leftJoin(Member, 'member', 'member.team = team.id').getMany()],
        ['a join column in criteria', () => ds.getRepository(Member).delete({ team: { id: 1 } })],
        ['a join column in a find where', () => ds.getRepository(Member).find({ where: { team: { id: 1 } } })],
      ];
      sent.length = 0;
      for (const [name, attempt] of attempts) {
        const failure = await attempt().then(() => undefined, (error) => error);
        expect(failure, name).to.be.instanceOf(DegradedCriteriaError);
        const expected = /join (column|by entity)/.test(name) ? { entity: 'Member', property: 'Member.team' } : { entity: 'Ticket', property: 'Ticket.priority' };
        expect(failure, name).to.include(expected);
        expect((failure as DegradedCriteriaError).finding, name).to.include({ code: 'missing_column' });
      }
      expect(sent.filter((sql) => /priority|team_id/.test(sql))).to.deep.equal([]);
      expect(await db.rows('SELECT * FROM "tickets" ORDER BY "id"')).to.deep.equal(before);
      // Criteria on healthy columns still work.
      expect((await tickets.update({ title: 'a' }, { votes: 2 })).affected).to.equal(1);
      await tickets.softDelete({ title: 'c' });
      expect((await tickets.find({ order: { title: 'DESC' } })).map((ticket) => [ticket.title, ticket.votes])).to.deep.equal([['b', 0], ['a', 2]]);
      expect(await tickets.createQueryBuilder('ticket').where('ticket.votes > 1').getCount()).to.equal(1);
      // A result alias that happens to be the missing column's name names no column.
      const raw = await tickets.createQueryBuilder('ticket').select('MAX("ticket"."votes")', 'priority').getRawOne();
      expect(Number(raw.priority)).to.equal(2);
    });

    it('counts only what was written: an update with nothing left to set, an upsert', async () => {
      const { ds, logger } = await degraded();
      const tickets = ds.getRepository(Ticket);
      const saved = await tickets.save({ title: 'a' });
      const failure = await tickets.update({ id: saved.id }, { priority: 3 }).then(() => undefined, (error) => error);
      expect(failure).to.have.property('name', 'UpdateValuesMissingError');
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal({});
      expect(warnings(logger)).to.deep.equal([]);
      // TypeORM 0.3 names the degraded column in ON CONFLICT ... DO UPDATE and fails; 1.x writes the row without it.
      const upserted = await tickets.upsert({ id: saved.id, title: 'b', priority: 3 }, ['id']).then(
        () => true,
        () => false,
      );
      expect(upserted).to.equal(TYPEORM_MAJOR >= 1);
      expect(getSchemaDegradation(ds).droppedWrites).to.deep.equal(upserted ? { 'Ticket.priority': 1 } : {});
      expect(warnings(logger)).to.have.length(upserted ? 1 : 0);
      const titles = (await db.rows<{ title: string }>('SELECT "title" FROM "tickets"')).map((row) => row.title);
      expect(titles.includes('b')).to.equal(upserted);
      // A write that went through without the value is counted once.
      await tickets.update({ id: saved.id }, { title: 'c', priority: 4 });
      expect(getSchemaDegradation(ds).droppedWrites['Ticket.priority']).to.equal(upserted ? 2 : 1);
    });
  });
}
