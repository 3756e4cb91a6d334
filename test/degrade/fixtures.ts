/**
 * Entities for the degrade-mode tests beyond incident 004: an eager many-to-many whose junction
 * table is missing (`Project.tags`), a nested lazy-loaded path through a missing junction
 * (`Project.milestones` -> `Milestone.tags`), a relation whose join column is missing
 * (`Comment.project`), and a plain column with a default that is missing (`Note.priority`).
 */
import { Column, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { TestDatabase } from '../support/databases';

@Entity('tags')
export class Tag {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;
}

@Entity('projects')
export class Project {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @ManyToMany(() => Tag, { eager: true })
  @JoinTable({ name: 'project_tags' })
  tags!: Tag[];

  @OneToMany(() => Milestone, (milestone) => milestone.project)
  milestones!: Milestone[];

  @OneToMany(() => Comment, (comment) => comment.project)
  comments!: Comment[];
}

@Entity('milestones')
export class Milestone {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  title!: string;

  @ManyToOne(() => Project, (project) => project.milestones)
  @JoinColumn({ name: 'project_id' })
  project!: Project;

  @ManyToMany(() => Tag)
  @JoinTable({ name: 'milestone_tags' })
  tags!: Tag[];
}

@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  body!: string;

  @ManyToOne(() => Project, (project) => project.comments)
  @JoinColumn({ name: 'project_id' })
  project?: Project;
}

@Entity('notes')
export class Note {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  text!: string;

  @Column({ type: 'integer', default: 0 })
  priority?: number;
}

export const DEGRADE_ENTITIES = [Tag, Project, Milestone, Comment, Note];

/**
 * Creates the full schema through TypeORM, then breaks it: no `project_tags`, no
 * `milestone_tags`, `comments` without `project_id`, `notes` without `priority`.
 */
export async function createBrokenSchema(db: TestDatabase): Promise<void> {
  const ds = await db.connect(DEGRADE_ENTITIES, { synchronize: true });
  await ds.destroy();
  const id = db.dialect === 'postgres' ? '"id" SERIAL PRIMARY KEY' : '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL';
  const text = db.dialect === 'postgres' ? 'character varying' : 'varchar';
  for (const statement of [
    'DROP TABLE "project_tags"',
    'DROP TABLE "milestone_tags"',
    'DROP TABLE "comments"',
    `CREATE TABLE "comments" (${id}, "body" ${text} NOT NULL)`,
    'DROP TABLE "notes"',
    `CREATE TABLE "notes" (${id}, "text" ${text} NOT NULL)`,
  ]) {
    await db.exec(statement);
  }
}

/** Puts back what {@link createBrokenSchema} took away (TypeORM's synchronize adds what is missing). */
export async function repairBrokenSchema(db: TestDatabase): Promise<void> {
  const ds = await db.connect(DEGRADE_ENTITIES, { synchronize: true });
  await ds.destroy();
}
