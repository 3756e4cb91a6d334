/**
 * A string-keyed least-recently-used cache holding at most `limit` entries, for results computed from
 * schema text (DDL, declared types, defaults) that repeated validations see unchanged. Values must be
 * treated as immutable by callers: they are shared between hits.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The cached value for `key`, computing and storing it on a miss. */
  get(key: string, compute: (key: string) => V): V {
    const entries = this.entries;
    if (entries.has(key)) {
      const hit = entries.get(key) as V;
      // Re-insert so that Map order is least recently used first.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = compute(key);
    entries.set(key, value);
    if (entries.size > this.limit) entries.delete(entries.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
