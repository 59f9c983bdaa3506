// Helpers the daemon.json rules share: node spans, Go's names for JSON values, edits that keep the JSON valid.

import type { Node } from 'jsonc-parser';
import type { Span, TextEdit } from '../../core/finding';
import type { SourceFile, WorkspaceView } from '../../model/rule';
import { queriesOf } from '../../model/queries';
import { holdsUnknown, isUnknown } from '../../core/template';
import { objectProperties, spanOf, type DaemonJsonModel } from '../../parsers/daemon-json';
import { atLeast, compareVersions, knownVersion, type Version } from '../../core/version';

export interface Prop {
  key: string;
  keyNode: Node;
  valueNode: Node | undefined;
  prop: Node;
}

/** The top-level object, when the file is one (a file that is not an object is daemon-json-invalid's business). */
export function rootObject(model: DaemonJsonModel): Node | undefined {
  return model.root && model.root.type === 'object' ? model.root : undefined;
}

// Worked out once per object node (a changed file is a new tree) and shared by every rule: never modify them.
function props(ws: WorkspaceView, obj: Node): { list: readonly Prop[]; map: ReadonlyMap<string, Prop> } {
  return queriesOf(ws).derive('daemon-json-props', obj, readProps);
}

function readProps(obj: Node): { list: readonly Prop[]; map: ReadonlyMap<string, Prop> } {
  const all = objectProperties(obj);
  const last = new Map<string, Prop>();
  for (const p of all) last.set(p.key, p);
  const list = all.filter((p) => last.get(p.key) === p);
  return { list, map: new Map(list.map((p) => [p.key, p])) };
}

/** An object's properties; when a key is given twice only the last counts (as in Go), so earlier ones are left out. */
export function effectiveProps(ws: WorkspaceView, obj: Node): readonly Prop[] {
  return props(ws, obj).list;
}

export function propMap(ws: WorkspaceView, obj: Node): ReadonlyMap<string, Prop> {
  return props(ws, obj).map;
}

export { spanOf };

/** The JSON kind of a value as Go's encoding/json names it in "cannot unmarshal <kind> into ...". */
export function goValueKind(n: Node): string {
  switch (n.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    default:
      return 'null';
  }
}

export function jsonString(s: string): string {
  return JSON.stringify(s);
}

/** Replace a key's text (quotes included) with another key. */
export function renameKeyEdit(file: string, keyNode: Node, newKey: string): TextEdit {
  return { file, range: spanOf(keyNode), newText: jsonString(newKey) };
}

/** Remove a property from its object together with one neighbouring comma, so the JSON stays valid. */
export function removePropertyEdit(file: string, text: string, obj: Node, prop: Node): TextEdit {
  const siblings = obj.children ?? [];
  const i = siblings.indexOf(prop);
  const span = spanOf(prop);
  if (siblings.length === 1) {
    // The only property: empty the object between its braces.
    return { file, range: { start: obj.offset + 1, end: obj.offset + obj.length - 1 }, newText: '' };
  }
  if (i < siblings.length - 1) {
    // Not last: delete from the start of its line (when alone there) to the start of the next property.
    const next = siblings[i + 1];
    let start = span.start;
    let ls = start;
    while (ls > 0 && (text[ls - 1] === ' ' || text[ls - 1] === '\t')) ls--;
    if (ls === 0 || text[ls - 1] === '\n') start = ls;
    let end = next.offset;
    if (start === ls && ls !== span.start) {
      // Keep the next property's indentation: cut up to the start of its line instead.
      let ns = next.offset;
      while (ns > 0 && (text[ns - 1] === ' ' || text[ns - 1] === '\t')) ns--;
      if (text[ns - 1] === '\n') end = ns;
    }
    return { file, range: { start, end }, newText: '' };
  }
  // Last: delete from the end of the previous property (its comma goes too).
  const prev = siblings[i - 1];
  return { file, range: { start: prev.offset + prev.length, end: span.end }, newText: '' };
}

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

/** The same words written another way: `Live_Restore` and `live-restore`. */
export function normalizeKey(k: string): string {
  return k.toLowerCase().replace(/[_\s.]+/g, '-');
}

/** The closest candidate to a mistyped key, or undefined when nothing is close enough to be a typo. */
export function closest(key: string, candidates: Iterable<string>): { key: string; sameWords: boolean } | undefined {
  const nk = normalizeKey(key);
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const nc = normalizeKey(c);
    if (nc === nk) return { key: c, sameWords: true };
    let d = editDistance(nk, nc);
    // "storage-opt" for "storage-opts", "registry-mirror" for "registry-mirrors": plural slips count as one edit.
    if (nc === nk + 's' || nc + 's' === nk) d = 0.5;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(nk.length / 4));
  return bestD <= limit ? { key: best, sameWords: false } : undefined;
}

export type Lifecycle = 'current' | 'too-new' | 'deprecated' | 'removed' | 'not-yet-deprecated';

/** Where an option stands for the target Docker version. */
export function lifecycle(opt: { since?: string; deprecated?: string; removed?: string }, target: Version): Lifecycle {
  if (opt.removed && atLeast(target, opt.removed)) return 'removed';
  if (opt.since) {
    const s = knownVersion(opt.since);
    if (s && compareVersions(target, s) < 0) return 'too-new';
  }
  if (opt.deprecated) return atLeast(target, opt.deprecated) ? 'deprecated' : 'not-yet-deprecated';
  return 'current';
}

export function stringValue(n: Node | undefined): string | undefined {
  return n && n.type === 'string' && typeof n.value === 'string' ? n.value : undefined;
}

/** The span of a string's contents, without its quotes. */
export function innerSpan(n: Node): Span {
  return n.type === 'string' && n.length >= 2 ? { start: n.offset + 1, end: n.offset + n.length - 1 } : spanOf(n);
}

/**
 * Whether a template may give this object members the parse cannot see (a `{{ }}` where members stand, or a value
 * that is itself a template): rules that find a member absent must stay quiet then.
 */
export function mayHoldMore(file: SourceFile, obj: Node | undefined): boolean {
  if (!file.template || !obj) return false;
  if (obj.type !== 'object') return isUnknown(file, obj);
  // Only a template inside a member's value is just an unknown value; one in a key or in place of members may be any key.
  const values = (obj.children ?? []).flatMap((p) => (p.children?.[1] ? [spanOf(p.children[1])] : []));
  return holdsUnknown(file, spanOf(obj), values);
}

export { isUnknown };
