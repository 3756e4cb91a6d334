/**
 * Entities for the degrade-mode write tests: links whose join column is missing, set from either
 * side and cascaded (`Member.team` / `Team.members`, one-to-one `Account.profile` / `Profile.account`),
 * and a plain column that is missing (`Ticket.priority`), for criteria and for dropped values.
 */
import { Column, DeleteDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { TestDatabase } from '../support/databases';

@Entity('teams')
export class Team {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @OneToMany(() => Member, (member) => member.team, { cascade: ['insert', 'update'] })
  members?: Relation<Member>[];
}

@Entity('members')
export class Member {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @ManyToOne(() => Team, (team) => team.members, { cascade: ['insert', 'update'], nullable: true })
  @JoinColumn({ name: 'team_id' })
  team?: Relation<Team> | null;
}

@Entity('profiles')
export class Profile {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  bio!: string;

  @OneToOne(() => Account, (account) => account.profile, { cascade: ['insert', 'update'] })
  account?: Relation<Account>;
}

@Entity('accounts')
export class Account {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @OneToOne(() => Profile, (profile) => profile.account, { cascade: ['insert', 'update'], nullable: true })
  @JoinColumn({ name: 'profile_id' })
  profile?: Relation<Profile> | null;
}

@Entity('tickets')
export class Ticket {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  title!: string;

  @Column({ type: 'integer', default: 0 })
  votes!: number;

  @Column({ type: 'integer', nullable: true })
  priority?: number | null;

  @DeleteDateColumn({ name: 'deleted_at', nullable: true })
  deletedAt?: Date | null;
}

export const WRITE_ENTITIES = [Team, Member, Profile, Account, Ticket];

/** Creates the schema through TypeORM, then takes away `members.team_id`, `accounts.profile_id` and `tickets.priority`. */
export async function createSchemaWithoutLinks(db: TestDatabase): Promise<void> {
  const ds = await db.connect(WRITE_ENTITIES, { synchronize: true });
  await ds.destroy();
  const id = db.dialect === 'postgres' ? '"id" SERIAL PRIMARY KEY' : '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL';
  const text = db.dialect === 'postgres' ? 'character varying' : 'varchar';
  const timestamp = db.dialect === 'postgres' ? 'TIMESTAMP' : 'datetime';
  for (const statement of [
    'DROP TABLE "members"',
    `CREATE TABLE "members" (${id}, "name" ${text} NOT NULL)`,
    'DROP TABLE "accounts"',
    `CREATE TABLE "accounts" (${id}, "name" ${text} NOT NULL)`,
    'DROP TABLE "tickets"',
    `CREATE TABLE "tickets" (${id}, "title" ${text} NOT NULL, "votes" integer NOT NULL DEFAULT 0, "deleted_at" ${timestamp} NULL)`,
  ]) {
    await db.exec(statement);
  }
}
