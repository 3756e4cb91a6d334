/**
 * Entities for the degrade-mode gaps of issue 17: TypeORM's automatic columns missing
 * (`articles` without `deleted_at`, `updated_at`, `version`, reached through the healthy
 * `Author.articles`), lazy relations over a missing join column (`files.folder_id`), and an
 * EntitySchema `relationIds` over a one-to-many whose join column is missing (`books.shelf_id`).
 */
import {
  Column,
  DeleteDateColumn,
  Entity,
  EntitySchema,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { TestDatabase } from '../support/databases';

@Entity('authors')
export class Author {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @OneToMany(() => Article, (article) => article.author)
  articles!: Article[];
}

@Entity('articles')
export class Article {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  title!: string;

  @ManyToOne(() => Author, (author) => author.articles, { nullable: false })
  @JoinColumn({ name: 'author_id' })
  author!: Author;

  @DeleteDateColumn({ name: 'deleted_at' })
  deletedAt?: Date | null;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt?: Date;

  @VersionColumn()
  version?: number;
}

@Entity('folders')
export class Folder {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @OneToMany(() => FileEntry, (file) => file.folder, { lazy: true })
  files!: Promise<FileEntry[]>;

  /** A healthy lazy relation: it must keep loading. */
  @ManyToOne(() => Author, { lazy: true, nullable: true })
  @JoinColumn({ name: 'owner_id' })
  owner!: Promise<Author | null>;
}

@Entity('files')
export class FileEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @ManyToOne(() => Folder, (folder) => folder.files, { lazy: true })
  @JoinColumn({ name: 'folder_id' })
  folder!: Promise<Folder>;
}

export interface ShelfRow {
  id: number;
  name: string;
  books?: BookRow[];
  bookIds?: number[];
}
export interface BookRow {
  id: number;
  title: string;
  shelf?: ShelfRow;
}

export const Shelf = new EntitySchema<ShelfRow>({
  name: 'Shelf',
  tableName: 'shelves',
  columns: { id: { type: 'integer', primary: true, generated: 'increment' }, name: { type: 'varchar' } },
  relations: { books: { type: 'one-to-many', target: 'Book', inverseSide: 'shelf' } },
  relationIds: { bookIds: { relationName: 'books' } },
});

export const Book = new EntitySchema<BookRow>({
  name: 'Book',
  tableName: 'books',
  columns: { id: { type: 'integer', primary: true, generated: 'increment' }, title: { type: 'varchar' } },
  relations: { shelf: { type: 'many-to-one', target: 'Shelf', inverseSide: 'books', joinColumn: { name: 'shelf_id' } } },
});

export const LIFECYCLE_ENTITIES = [Author, Article, Folder, FileEntry, Shelf, Book];

/**
 * Creates the full schema through TypeORM, then breaks it: `articles` without `deleted_at`,
 * `updated_at` and `version`; `files` without `folder_id`; `books` without `shelf_id`.
 */
export async function createLifecycleSchema(db: TestDatabase): Promise<void> {
  const ds = await db.connect(LIFECYCLE_ENTITIES, { synchronize: true });
  await ds.destroy();
  const id = db.dialect === 'postgres' ? '"id" SERIAL PRIMARY KEY' : '"id" integer PRIMARY KEY AUTOINCREMENT NOT NULL';
  const text = db.dialect === 'postgres' ? 'character varying' : 'varchar';
  for (const statement of [
    'DROP TABLE "articles"',
    `CREATE TABLE "articles" (${id}, "title" ${text} NOT NULL, "author_id" integer NOT NULL REFERENCES "authors" ("id"))`,
    'DROP TABLE "files"',
    `CREATE TABLE "files" (${id}, "name" ${text} NOT NULL)`,
    'DROP TABLE "books"',
    `CREATE TABLE "books" (${id}, "title" ${text} NOT NULL)`,
  ]) {
    await db.exec(statement);
  }
}

/** Puts back what {@link createLifecycleSchema} took away. */
export async function repairLifecycleSchema(db: TestDatabase): Promise<void> {
  const ds = await db.connect(LIFECYCLE_ENTITIES, { synchronize: true });
  await ds.destroy();
}
