/**
 * The one registry of degrade mode's prototype patches (QueryBuilder `setFindOptions` / `join` /
 * `replacePropertyNamesForTheWholeQuery`, EntityManager `save`): each method is wrapped once per
 * prototype (a second copy or a fork of TypeORM has its own), and all are put back together when
 * the last degraded DataSource is restored.
 */

/** Prototype -> method name -> the original method. */
const originals = new Map<Record<string, unknown>, Map<string, unknown>>();

/** True when `name` on this prototype is already wrapped. */
export function isPatched(prototype: Record<string, unknown>, name: string): boolean {
  return originals.get(prototype)?.has(name) ?? false;
}

/** Replaces `name` on the prototype with `wrap(original)`, remembering the original; once per prototype and name. */
export function patchMethod<F>(prototype: Record<string, unknown>, name: string, wrap: (original: F) => F): void {
  if (isPatched(prototype, name)) return;
  const patched = originals.get(prototype) ?? new Map<string, unknown>();
  originals.set(prototype, patched);
  const original = prototype[name];
  patched.set(name, original);
  prototype[name] = wrap(original as F);
}

/** Puts every patched method back. */
export function restorePrototypes(): void {
  for (const [prototype, methods] of originals) for (const [name, original] of methods) prototype[name] = original;
  originals.clear();
}
