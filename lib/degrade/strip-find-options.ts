/**
 * Removes degraded relations from find options (`relations` as an array of paths on 0.3, or as
 * a nested object on both lines), and degraded columns from an explicit `select`, keeping the
 * caller's form and never mutating the caller's object.
 */
import { type DegradationState, recordSkip } from './degradation-state';
import type { EntityMeta, RelationMeta } from '../typeorm/typeorm-shapes';

type FindOptions = { relations?: unknown; select?: unknown; loadEagerRelations?: boolean } & Record<string, unknown>;

/** The find options to hand to TypeORM: the same object when nothing is degraded on this path. */
export function stripFindOptions(state: DegradationState, metadata: EntityMeta, options: FindOptions): FindOptions {
  if (options.loadEagerRelations !== false) countEagerSkips(state, metadata);
  let result = options;
  const relations = options.relations;
  if (relations && typeof relations === 'object') {
    const stripped = Array.isArray(relations) ? stripPaths(state, metadata, relations) : stripObject(state, metadata, relations);
    if (stripped !== relations) result = { ...result, relations: stripped };
  }
  const select = options.select;
  if (state.columns.size > 0 && select && typeof select === 'object') {
    const stripped = Array.isArray(select) ? stripSelectPaths(state, metadata, select) : stripSelect(state, metadata, select);
    if (stripped !== select) result = { ...result, select: stripped };
  }
  return result;
}

/**
 * Walks a nested `select` or `relations` object through relations and embeddeds, leaving out the
 * entries `drop` names; the same object when nothing was left out.
 */
function stripNested(metadata: EntityMeta, options: object, embedPrefix: string, drop: Drop): object {
  let changed = false;
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    const path = embedPrefix ? `${embedPrefix}.${name}` : name;
    const relation = metadata.findRelationWithPropertyPath(path);
    if (drop(metadata, path, relation, value)) {
      changed = true;
      continue;
    }
    let next = value;
    if (value && typeof value === 'object') {
      if (relation) next = stripNested(relation.inverseEntityMetadata, value, '', drop);
      else if (metadata.findEmbeddedWithPropertyPath(path)) next = stripNested(metadata, value, path, drop);
    }
    if (next !== value) changed = true;
    result[name] = next;
  }
  return changed ? result : options;
}

type Drop = (metadata: EntityMeta, path: string, relation: RelationMeta | undefined, value: unknown) => boolean;

/** An explicit `select` of a degraded column would put it back into the SELECT: leave it out there too. */
function stripSelect(state: DegradationState, metadata: EntityMeta, select: object): object {
  return stripNested(metadata, select, '', (current, path, relation) => {
    const column = relation ? undefined : current.findColumnWithPropertyPath(path);
    return !!column && state.columns.has(column);
  });
}

/** A degraded relation asked for (`true` or nested options) is left out, counted as a skip. */
function stripObject(state: DegradationState, metadata: EntityMeta, relations: object): object {
  return stripNested(metadata, relations, '', (_current, _path, relation, value) => !!relation && !!value && skip(state, relation));
}

function stripSelectPaths(state: DegradationState, metadata: EntityMeta, paths: unknown[]): unknown[] {
  const kept = paths.filter((path) => {
    if (typeof path !== 'string') return true;
    const column = metadata.findColumnWithPropertyPath(path);
    return !column || !state.columns.has(column);
  });
  return kept.length === paths.length ? paths : kept;
}

function stripPaths(state: DegradationState, metadata: EntityMeta, paths: unknown[]): unknown[] {
  const kept = paths.filter((path) => typeof path !== 'string' || !degradedOnPath(state, metadata, path));
  return kept.length === paths.length ? paths : kept;
}

/** The degraded relation a dotted path (`subtasks.task`, or through embeddeds) goes through, counted as a skip. */
function degradedOnPath(state: DegradationState, metadata: EntityMeta, path: string): boolean {
  let current = metadata;
  let prefix = '';
  for (const segment of path.split('.')) {
    prefix = prefix ? `${prefix}.${segment}` : segment;
    const relation = current.findRelationWithPropertyPath(prefix);
    if (!relation) continue; // an embedded's name: keep extending the path
    if (skip(state, relation)) return true;
    current = relation.inverseEntityMetadata;
    prefix = '';
  }
  return false;
}

function skip(state: DegradationState, relation: RelationMeta): boolean {
  const degradation = state.relations.get(relation);
  if (!degradation) return false;
  recordSkip(state, degradation, 'relations');
  return true;
}

/** Degraded eager relations were taken out of `eagerRelations`; count each load that would have joined them. */
function countEagerSkips(state: DegradationState, metadata: EntityMeta): void {
  for (const [relation, degradation] of state.relations) {
    if (relation.entityMetadata === metadata && state.eager.has(relation)) recordSkip(state, degradation, 'eager');
  }
}
