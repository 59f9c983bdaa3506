// Validates a compose document against the model in knowledge/compose-spec.ts. Reports the smallest node to blame:
// an unknown key on the key, a wrong type on the value, a missing key on the key that holds the mapping. Interpolated
// scalars (`${VAR}`) pass any scalar type; null passes only where the shape allows it (Compose's schema refuses an
// `environment:` with nothing under it); a node tagged `!reset` is skipped (Compose removes it before it validates);
// keys that are not strings are left to nonStringKeys. Aliases (and what merge keys bring in) are checked once per target.

import { isMap, isPair, isScalar, isSeq, keyString, isMergeKey, scalarString, spanOf, Resolver, type Node, type Pair, type Scalar } from '../../parsers/compose';
import { hasInterpolation } from '../../parsers/interpolate';
import { describeShape, type Shape } from '../../knowledge/compose-spec';
import type { Span } from '../../core/finding';

export type SchemaIssue =
  | { kind: 'unknown-key'; span: Span; key: string; path: string; suggestion?: string }
  | { kind: 'wrong-type'; span: Span; path: string; expected: string; actual: string }
  | { kind: 'bad-value'; span: Span; path: string; value: string; expected: string }
  | { kind: 'duplicate-key'; span: Span; key: string; path: string; first: Span }
  | { kind: 'missing-key'; span: Span; key: string; path: string };

// Compose reads durations with days and weeks too (`1d`, `2w`).
const DURATION = /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w))+$/;
const BYTES = /^\d+(\.\d+)?\s*([kmgtpe]i?b?|b)?$/i;

/**
 * The issues of a node against a shape. `holder`: the key the node is the value of. `skip`: nodes left out (a caller
 * that validates them on its own); only nodes reached once are to be named (see `shared` below).
 */
export function validateShape(root: Node | undefined, shape: Shape, r: Resolver, basePath: string[] = [], holder?: Span, skip?: (node: Node) => boolean): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  // The shapes each node was checked against: one shape, or a set when an alias makes a node reachable twice.
  const seen = new Map<object, Shape | Set<Shape>>();

  const actualOf = (n: Node | undefined): string => {
    if (isMap(n)) return 'a mapping';
    if (isSeq(n)) return 'a list';
    if (isScalar(n)) {
      const v = n.value;
      if (typeof v === 'number') return `the number ${scalarString(n)}`;
      if (typeof v === 'boolean') return `the boolean ${String(v)}`;
      return `the string "${truncate(String(v))}"`;
    }
    return 'a value';
  };

  /** Does a scalar fit a scalar shape? */
  const scalarFits = (s: Scalar, shape: Shape): boolean => {
    const v = s.value;
    if (typeof v === 'string' && hasInterpolation(v)) return true;
    switch (shape.t) {
      case 'any':
        return true;
      case 'string':
        // The schema is checked before anything is converted: `user: 1000` is refused ("must be a string").
        if (typeof v !== 'string') return false;
        if (shape.enum && !shape.enum.includes(v) && !(shape.pattern && shape.pattern.test(v))) return false;
        return true;
      case 'integer':
        return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v.trim()));
      case 'number':
        return typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()));
      case 'boolean':
        // compose-go casts yes/no/on/off strings for boolean fields after interpolation.
        return typeof v === 'boolean' || (typeof v === 'string' && /^(true|false|yes|no|on|off|y|n)$/i.test(v));
      case 'duration':
        return typeof v === 'string' && DURATION.test(v.trim());
      case 'bytes':
        return typeof v === 'number' || (typeof v === 'string' && BYTES.test(v.trim()));
      default:
        return false;
    }
  };

  const isScalarShape = (s: Shape) => s.t !== 'list' && s.t !== 'map' && s.t !== 'object' && s.t !== 'oneOf';

  /**
   * `holder` is the key whose value this node is, where a missing key is reported. `shared`: the node may be reached
   * again another way (it is an anchor's, or a merge key brought it in); only such nodes are noted in `seen`, as
   * every other node of the tree is reached once.
   */
  const visit = (raw: Node | undefined, shape: Shape, at: Path, holder?: Span, shared = false): void => {
    if ((raw as { tag?: string } | undefined)?.tag === '!reset') return;
    const node = r.resolve(raw);
    if (!node || shape.t === 'any' || skip?.(node)) return;
    if (isScalar(node) && (node.value === null || node.value === undefined)) {
      if (!shape.nullable && !(shape.t === 'oneOf' && shape.of.some((s) => s.nullable)))
        issues.push({ kind: 'wrong-type', span: holder && spanOf(node).end <= spanOf(node).start ? holder : spanOf(node), path: here(at), expected: describeShape(shape), actual: 'null (an empty value)' });
      return;
    }
    shared ||= node.anchor !== undefined;
    if (shared) {
      const marks = seen.get(node);
      if (marks === undefined) seen.set(node, shape);
      else if (marks instanceof Set) {
        if (marks.has(shape)) return;
        marks.add(shape);
      } else {
        if (marks === shape) return;
        seen.set(node, new Set([marks, shape]));
      }
    }

    if (shape.t === 'oneOf') {
      if (isMap(node)) {
        const b = shape.of.find((s) => s.t === 'object' || s.t === 'map');
        if (b) return visit(node, b, at, holder, shared);
      } else if (isSeq(node)) {
        const b = shape.of.find((s) => s.t === 'list');
        if (b) return visit(node, b, at, holder, shared);
      } else if (isScalar(node)) {
        const scalars = shape.of.filter(isScalarShape);
        if (scalars.some((s) => scalarFits(node, s))) return;
        const enumOnly = scalars.find((s) => s.t === 'string' && s.enum);
        if (enumOnly && typeof node.value === 'string' && scalars.length === 1) {
          issues.push({ kind: 'bad-value', span: spanOf(node), path: here(at), value: node.value, expected: describeShape(enumOnly) });
          return;
        }
      }
      issues.push({ kind: 'wrong-type', span: spanOf(node), path: here(at), expected: describeShape(shape), actual: actualOf(node) });
      return;
    }
    if (isScalarShape(shape)) {
      if (!isScalar(node)) {
        issues.push({ kind: 'wrong-type', span: spanOf(node), path: here(at), expected: describeShape(shape), actual: actualOf(node) });
        return;
      }
      if (scalarFits(node, shape)) return;
      if (typeof node.value === 'string' && (shape.t === 'string' || shape.t === 'duration' || shape.t === 'bytes')) {
        issues.push({ kind: 'bad-value', span: spanOf(node), path: here(at), value: node.value, expected: describeShape(shape) });
      } else {
        issues.push({ kind: 'wrong-type', span: spanOf(node), path: here(at), expected: describeShape(shape), actual: actualOf(node) });
      }
      return;
    }
    if (shape.t === 'list') {
      if (!isSeq(node)) {
        issues.push({ kind: 'wrong-type', span: spanOf(node), path: here(at), expected: describeShape(shape), actual: actualOf(node) });
        return;
      }
      node.items.forEach((it, i) => visit(it as Node, shape.of, { up: at, seg: i }, undefined, shared));
      return;
    }
    // map or object
    if (!isMap(node)) {
      issues.push({ kind: 'wrong-type', span: spanOf(node), path: here(at), expected: describeShape(shape), actual: actualOf(node) });
      return;
    }
    checkDuplicates(node.items as Pair[], at);
    const entries = r.entries(node);
    // Pairs a merge key brought in belong to another mapping, which may be reached again.
    const own = !shared && node.items.some((p) => isPair(p) && isMergeKey(p)) ? new Set<unknown>(node.items) : undefined;
    let unknown = false;
    for (const pair of entries) {
      const key = keyString(pair);
      if (key === undefined || !isStringKey(pair)) continue;
      const sub = shared || (own !== undefined && !own.has(pair));
      if (shape.t === 'map') {
        visit(pair.value as Node, shape.values, { up: at, seg: key }, spanOf(pair.key as Node), sub);
        continue;
      }
      if (key.startsWith('x-')) continue;
      const prop = shape.props[key];
      if (!prop) {
        issues.push({ kind: 'unknown-key', span: spanOf(pair.key as Node), key, path: here(at), suggestion: closest(key, Object.keys(shape.props)) });
        unknown = true;
        continue;
      }
      visit(pair.value as Node, prop.shape, { up: at, seg: key }, spanOf(pair.key as Node), sub);
    }
    // A mapping with a key of another shape is most likely something else (a mangled short form): its unknown key
    // says enough, as Compose's own first error would.
    if (shape.t === 'object' && shape.required && !unknown) {
      const present = new Set(entries.map(keyString));
      // A list item has no key of its own: its first key stands for it.
      const where = holder ?? (entries[0] ? spanOf(entries[0].key as Node) : spanOf(node));
      for (const key of shape.required) if (!present.has(key)) issues.push({ kind: 'missing-key', span: where, key, path: here(at) });
    }
  };

  const checkDuplicates = (pairs: Pair[], at: Path) => {
    if (pairs.length < 2) return;
    const first = new Map<string, Pair>();
    for (const p of pairs) {
      if (isMergeKey(p)) continue;
      const k = keyString(p);
      if (k === undefined) continue;
      const prev = first.get(k);
      if (prev) issues.push({ kind: 'duplicate-key', span: spanOf(p.key as Node), key: k, path: pathText(at) || '(root)', first: spanOf(prev.key as Node) });
      else first.set(k, p);
    }
  };

  let base: Path = undefined;
  for (const seg of basePath) base = { up: base, seg };
  visit(root, shape, base, holder);
  return issues;
}

/** A key Compose can read: a string (numbers, booleans and null keys are refused: "non-string key"). */
export function isStringKey(p: Pair): boolean {
  const k = p.key as unknown;
  return isScalar(k) && typeof k.value === 'string';
}

/** A node's path as text, for an issue (only a node with an issue needs it). */
function here(at: Path): string {
  return pathText(at) || '(root)';
}

/** A node's path as a chain up to the root, made into text only when an issue names it; a number is a list index. */
type Path = { up: Path; seg: string | number } | undefined;

function pathText(at: Path): string {
  const segs: string[] = [];
  for (let p = at; p; p = p.up) segs.push(typeof p.seg === 'number' ? `[${p.seg}]` : p.seg);
  return segs.reverse().join('.');
}

function truncate(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** The closest candidate within a small edit distance (or a case/underscore variant), for did-you-mean. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (norm(c) === norm(word)) return c;
    const d = levenshtein(word.toLowerCase(), c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  return bestD <= limit ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
