/**
 * The task model of incident 004 ("tasks lost"), as TypeORM entities: every relation table
 * declares `user_id` for per-user isolation. The production database lacked it on all four.
 */
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';

@Entity('tasks')
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar' })
  title!: string;

  @Column({ name: 'user_id', type: 'varchar' })
  userId!: string;

  @Column({ type: 'varchar', default: 'todo' })
  status!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @OneToMany(() => TaskSubtask, (subtask) => subtask.task)
  subtasks!: TaskSubtask[];

  @OneToMany(() => TaskAssignee, (assignee) => assignee.task)
  assignees!: TaskAssignee[];

  @OneToMany(() => TaskLabel, (label) => label.task)
  labels!: TaskLabel[];

  @OneToMany(() => TaskDependency, (dependency) => dependency.task)
  dependencies!: TaskDependency[];
}

@Entity('task_subtasks')
export class TaskSubtask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar' })
  title!: string;

  @Column({ name: 'user_id', type: 'varchar' })
  userId!: string;

  @ManyToOne(() => Task, (task) => task.subtasks, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task!: Task;
}

@Entity('task_assignees')
export class TaskAssignee {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'assignee_id', type: 'varchar' })
  assigneeId!: string;

  @Column({ name: 'user_id', type: 'varchar' })
  userId!: string;

  @ManyToOne(() => Task, (task) => task.assignees, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task!: Task;
}

@Entity('task_labels')
export class TaskLabel {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'label_name', type: 'varchar' })
  labelName!: string;

  @Column({ name: 'user_id', type: 'varchar' })
  userId!: string;

  @ManyToOne(() => Task, (task) => task.labels, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task!: Task;
}

@Entity('task_dependencies')
export class TaskDependency {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'depends_on_task_id', type: 'varchar' })
  dependsOnTaskId!: string;

  @Column({ name: 'user_id', type: 'varchar' })
  userId!: string;

  @ManyToOne(() => Task, (task) => task.dependencies, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task!: Task;
}

/** Every entity of the incident-004 model. */
export const TASK_ENTITIES = [Task, TaskSubtask, TaskAssignee, TaskLabel, TaskDependency];
