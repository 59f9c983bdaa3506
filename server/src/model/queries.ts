// Derived facts as queries of the engine: a value is worked out from its inputs and kept until one of them changes
// (inputs are compared with ===, so a SourceFile, whose object changes with its text, is an input as it is). A value
// worked out again that equals the last one (by the query's own test) is the last one: whoever keyed on it sees no
// change, and the work above it stops there (early cut-off).
//
// The store belongs to one workspace, so nothing is shared between workspaces or tests, and rules keep no state.

import type { WorkspaceView } from './rule';

interface Entry {
  inputs: readonly unknown[];
  value: unknown;
}

export class Queries {
  private readonly store = new Map<string, Entry>();
  private readonly tables = new Map<string, Queries>();
  private readonly derived = new Map<string, WeakMap<object, unknown>>();
  private readonly recents = new Map<string, Map<object, unknown>>();
  private readonly eaches = new Map<string, EachEntry<object, unknown>>();
  private readonly scoped = new Set<string>();

  /** A store of its own for one kind of query, keyed by a short key (a path): no key strings built per call. */
  table(name: string): Queries {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = new Queries()));
    return t;
  }

  /**
   * A table kept for one lint only (see endLint): for values that are big, that several rules read within one lint,
   * and that later lints do not need because what was worked out from them is kept (a project's merged model: the
   * rules keep their findings per project, so only a changed project is merged again).
   */
  lintScoped(name: string): Queries {
    this.scoped.add(name);
    return this.table(name);
  }

  /** A lint is over: drop the lint-scoped tables. */
  endLint(): void {
    for (const name of this.scoped) this.tables.delete(name);
  }

  /** The value of `compute` for these inputs; `same` decides whether a new value is the last one again. */
  get<T>(key: string, inputs: readonly unknown[], compute: () => T, same?: (a: T, b: T) => boolean): T {
    const hit = this.store.get(key);
    if (hit && sameInputs(hit.inputs, inputs)) return hit.value as T;
    let value = compute();
    if (hit && same && same(hit.value as T, value)) value = hit.value as T;
    this.store.set(key, { inputs, value });
    return value;
  }

  /**
   * A value worked out from one object of a parse (a script, a JSON object node) and kept while that object lives:
   * a changed file is a new parse with new objects, so the value is never stale. Shared by every rule that asks.
   */
  derive<K extends object, V>(name: string, key: K, compute: (key: K) => V): V {
    let memo = this.derived.get(name) as WeakMap<K, V> | undefined;
    if (!memo) this.derived.set(name, (memo = new WeakMap<K, V>()));
    let v = memo.get(key);
    if (v === undefined && !memo.has(key)) memo.set(key, (v = compute(key)));
    return v as V;
  }

  /**
   * Like derive, for values worth keeping only while their file is among the last `limit` asked about (rules run
   * file by file): a workspace of thousands of files does not hold every file's value.
   */
  recent<K extends object, V>(name: string, key: K, limit: number, compute: (key: K) => V): V {
    let memo = this.recents.get(name) as Map<K, V> | undefined;
    if (!memo) this.recents.set(name, (memo = new Map<K, V>()));
    if (memo.has(key)) return memo.get(key) as V;
    const v = compute(key);
    if (memo.size >= limit) memo.delete(memo.keys().next().value as K);
    memo.set(key, v);
    return v;
  }

  /**
   * `compute` of each item of a list, each value kept while its item is the same object (a SourceFile, a project):
   * the same list costs one lookup, and a new list in which one item changed costs one compute and a lookup per
   * other item. `inputs`, when they change, start every item afresh (a rule's options).
   */
  each<K extends object, V>(name: string, items: readonly K[], compute: (item: K) => V, inputs: readonly unknown[] = NO_INPUTS): V[] {
    const hit = this.eaches.get(name) as EachEntry<K, V> | undefined;
    const sameRest = !!hit && sameInputs(hit.inputs, inputs);
    if (hit && sameRest && hit.items === items) return hit.values;
    const memo = hit && sameRest ? hit.memo : new WeakMap<K, V>();
    // Most items sit where they sat in the last list (an edit swaps one file or project in place).
    const last = hit && sameRest ? hit : undefined;
    const values = items.map((k, i) => {
      if (last && last.items[i] === k) return last.values[i];
      let v = memo.get(k);
      if (v === undefined && !memo.has(k)) memo.set(k, (v = compute(k)));
      return v as V;
    });
    this.eaches.set(name, { items, inputs, memo, values });
    return values;
  }

  /** Forget the queries `keep` does not name (projects that are gone). */
  prune(keep: (key: string) => boolean): void {
    for (const k of this.store.keys()) if (!keep(k)) this.store.delete(k);
  }

  get size(): number {
    return this.store.size;
  }
}

interface EachEntry<K extends object, V> {
  items: readonly K[];
  inputs: readonly unknown[];
  memo: WeakMap<K, V>;
  values: V[];
}

const NO_INPUTS: readonly unknown[] = [];

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A workspace view that carries no store of its own (a test's hand-made view) gets one for as long as it lives. */
const fallback = new WeakMap<WorkspaceView, Queries>();

export function queriesOf(ws: WorkspaceView): Queries {
  if (ws.queries) return ws.queries;
  let q = fallback.get(ws);
  if (!q) fallback.set(ws, (q = new Queries()));
  return q;
}

/** Lists equal item by item (===). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return sameInputs(a, b);
}
