/**
 * The save/find checks docs/accuracy.md cites for warning groups, run with the application's own
 * TypeORM and entities on a database the corpus kept (CORPUS_KEEP=1 node scripts/corpus/run.js;
 * the URL is each result's `database`). PostgreSQL only. Writes a few rows into that database.
 *
 * usage: node scripts/corpus/prove.js <medusa|n8n|flowise> <postgres-url>
 */
const { createRequire } = require('node:module');
const { join } = require('node:path');

const [appName, url] = process.argv.slice(2);
const app = require(`./apps/${appName}.js`);
Object.assign(process.env, (app.env && app.env.postgres) || {});
const dir = join(__dirname, '..', '..', '.corpus-cache', `${app.name}@${app.version}`);
const load = createRequire(join(dir, 'package.json'));

const attempt = async (label, fn) => {
  try {
    console.log(`${label}: ${await fn()}`);
  } catch (error) {
    console.log(`${label}: FAILED: ${error.message}`);
  }
};

const checks = {
  /** invite.user_email (full-unique-for-partial): re-inviting the e-mail of a soft-deleted invite. */
  async medusa(ds) {
    const dist = join(load.resolve('@medusajs/medusa/package.json'), '..', 'dist');
    const { Invite } = require(join(dist, 'models/invite.js'));
    const repo = ds.getRepository(Invite);
    const invite = (token) => repo.create({ user_email: 'prove@example.com', role: 'member', accepted: false, token, expires_at: new Date(Date.now() + 1e6) });
    await attempt('Invite saved, then softRemove()d', async () => (await repo.softRemove(await repo.save(invite('t1')))).id);
    await attempt('a new Invite with the same e-mail', async () => (await repo.save(invite('t2'))).id);
  },
  /** processed_data.value (json over text) and workflow_entity.versionId (character(36)). */
  async n8n(ds) {
    const { entities } = load('@n8n/db');
    await ds.query(`INSERT INTO workflow_entity (id, name, active, nodes, connections, "versionId", "triggerCount") VALUES ('prove1', 'w', false, '[]', '{}', '0123', 0) ON CONFLICT DO NOTHING`);
    const processed = ds.getRepository(entities.ProcessedData);
    for (const [context, value] of [['prove-object', { b: 1, a: [1, 2] }], ['prove-string', 'plain string']]) {
      await attempt(`ProcessedData.value ${JSON.stringify(value)} saved and found back as`, async () => {
        await processed.save({ context, workflowId: 'prove1', value });
        return JSON.stringify((await processed.findOneBy({ context })).value);
      });
    }
    await attempt("json operator on processed_data.value (text)", async () => JSON.stringify(await ds.query(`SELECT value->'a' FROM processed_data LIMIT 1`)));
    await attempt("WorkflowEntity.versionId '0123' found back as", async () => JSON.stringify((await ds.getRepository(entities.WorkflowEntity).findOneBy({ id: 'prove1' })).versionId));
  },
  /** workspaceId declared text over uuid (string-over-uuid); Workspace.name's declared default (declared-default-missing). */
  async flowise(ds) {
    const tool = ds.getRepository('Tool');
    await attempt("Tool saved with workspaceId 'ws-1'", async () => (await tool.save(tool.create({ name: 't', description: 'd', color: 'c', workspaceId: 'ws-1' }))).id);
    const workspace = ds.getRepository('Workspace');
    await attempt('Workspace saved without a name (declared default "Personal Workspace")', async () => (await workspace.save(workspace.create({}))).id);
  },
};

(async () => {
  const ds = await app.createDataSource({ load, resolve: load.resolve, dialect: 'postgres', url });
  await ds.initialize();
  try {
    await checks[app.name](ds);
  } finally {
    await ds.destroy();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
