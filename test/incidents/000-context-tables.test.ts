/**
 * Incident 000: context tables. The model expected `parent_project_context_id`, primary keys
 * `project_id` / `task_id` where the database had `id`, and UUID foreign keys referencing a
 * VARCHAR(255) key. Every one of those must be reported, at once.
 */
import { expect } from 'chai';
import { Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Column } from 'typeorm';
import { validateSchemaOnStartup } from '../../lib';
import { DIALECTS, type TestDatabase, createDatabase } from '../support/databases';
import { findingTuples } from '../support/finding-tuples';

@Entity('global_contexts')
class GlobalContext {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;
}

@Entity('project_contexts')
class ProjectContext {
  @PrimaryColumn({ name: 'project_id', type: 'uuid' })
  projectId!: string;

  @ManyToOne(() => GlobalContext)
  @JoinColumn({ name: 'parent_global_id' })
  parentGlobal!: GlobalContext;
}

@Entity('branch_contexts')
class BranchContext {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'branch_id', type: 'uuid', nullable: true })
  branchId!: string | null;

  @ManyToOne(() => ProjectContext)
  @JoinColumn({ name: 'parent_project_context_id' })
  parentProjectContext!: ProjectContext;
}

@Entity('task_contexts')
class TaskContext {
  @PrimaryColumn({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => BranchContext)
  @JoinColumn({ name: 'parent_branch_id' })
  parentBranch!: BranchContext;
}

const ENTITIES = [GlobalContext, ProjectContext, BranchContext, TaskContext];

const DATABASE_AS_IT_WAS = {
  postgres: [
    `CREATE TABLE global_contexts (id varchar(255) PRIMARY KEY, organization_id uuid)`,
    // PostgreSQL refuses a uuid -> varchar foreign key, so none was created.
    `CREATE TABLE project_contexts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), project_id uuid, parent_global_id uuid)`,
    `CREATE TABLE branch_contexts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), branch_id uuid, parent_project_id uuid)`,
    `CREATE TABLE task_contexts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), task_id uuid,
       parent_branch_id uuid REFERENCES branch_contexts (id))`,
  ],
  sqlite: [
    `CREATE TABLE global_contexts (id varchar(255) PRIMARY KEY NOT NULL, organization_id varchar)`,
    `CREATE TABLE project_contexts (id varchar PRIMARY KEY NOT NULL, project_id varchar, parent_global_id varchar)`,
    `CREATE TABLE branch_contexts (id varchar PRIMARY KEY NOT NULL, branch_id varchar, parent_project_id varchar)`,
    `CREATE TABLE task_contexts (id varchar PRIMARY KEY NOT NULL, task_id varchar,
       parent_branch_id varchar REFERENCES branch_contexts (id))`,
  ],
};

const EXPECTED = {
  postgres: [
    'error foreign_key_type_mismatch project_contexts.parent_global_id',
    'error missing_column branch_contexts.parent_project_context_id',
    'error primary_key_mismatch project_contexts',
    'error primary_key_mismatch task_contexts',
    'info unexpected_column branch_contexts.parent_project_id',
    'info unexpected_column project_contexts.id',
    'info unexpected_column task_contexts.id',
    'warning missing_foreign_key project_contexts.parent_global_id',
    'warning type_mismatch global_contexts.id',
  ],
  // SQLite compares uuid and varchar as the same TEXT affinity: no type conflict there. Its `id`
  // columns have no default, so TypeORM's inserts (which never name them) fail: errors.
  sqlite: [
    'error missing_column branch_contexts.parent_project_context_id',
    'error primary_key_mismatch project_contexts',
    'error primary_key_mismatch task_contexts',
    'error unexpected_column project_contexts.id',
    'error unexpected_column task_contexts.id',
    'info unexpected_column branch_contexts.parent_project_id',
    'warning missing_foreign_key project_contexts.parent_global_id',
  ],
};

for (const dialect of DIALECTS) {
  describe(`incident 000 (context tables) on ${dialect}`, () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await createDatabase(dialect);
      for (const statement of DATABASE_AS_IT_WAS[dialect]) await db.exec(statement);
    });
    afterEach(() => db.dispose());

    it('reports the missing column, both wrong primary keys and the VARCHAR/UUID key conflict at once', async () => {
      const ds = await db.connect(ENTITIES);
      const report = await validateSchemaOnStartup(ds, { mode: 'warn', logger: { info() {}, warn() {}, error() {} } });
      expect(report.ok).to.equal(false);
      expect(findingTuples(report.findings)).to.deep.equal(EXPECTED[dialect]);
      const missing = report.findings.find((f) => f.code === 'missing_column')!;
      expect(missing.relation).to.equal('BranchContext.parentProjectContext');
      const pk = report.findings.find((f) => f.code === 'primary_key_mismatch' && f.table === 'project_contexts')!;
      expect(pk).to.include({ expected: '(project_id)', actual: '(id)', entity: 'ProjectContext' });
      if (dialect === 'postgres') {
        const conflict = report.findings.find((f) => f.code === 'foreign_key_type_mismatch')!;
        expect(conflict.relation).to.equal('ProjectContext.parentGlobal');
        expect(conflict.actual).to.equal('uuid');
        expect(conflict.expected).to.contain('character varying(255)');
      }
    });
  });
}
