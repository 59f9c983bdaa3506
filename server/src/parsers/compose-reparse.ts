// Re-parsing a compose file after an edit inside one service: only that service's lines are parsed again; the other
// services keep their nodes (those after the edit are copied with their offsets moved). A 3,000-line file is a few
// hundred services, so a keystroke costs the parse of one of them instead of the whole file.
//
// The result is the document a full parse gives (same nodes, values and ranges; comments aside, which no rule reads),
// and anything this cannot prove local falls back to the full parse: an edit across services or outside
// `services:` or in its last service, anchors, aliases, merge keys or tags near the edit, several documents, YAML
// errors, a block that no longer parses as exactly one service at the same indentation.

import * as yaml from 'yaml';
import { parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { COMPOSE_YAML_OPTIONS, composeModelOf, keyString, type ComposeModel } from './compose';

const { isMap, isPair, isScalar, isCollection } = yaml;

/** Characters whose YAML meaning can reach beyond one service: anchors, aliases, merge keys, tags, documents. */
const NOT_LOCAL = /[&*!]|<<|^(?:---|\.\.\.)/m;
const TRAILING_COMMENT = /#[^\n]*\n?\s*$/;

export function reparseCompose(prevText: string, prev: ComposeModel, text: string, path: string): ComposeModel | undefined {
  const doc = prev.doc;
  const root = prev.root;
  if (!doc || !root || root.flow || prev.moreDocs.length || prev.syntaxErrors.length || doc.warnings.length) return undefined;
  // The edited region: [start, oldEnd) of the old text became [start, newEnd) of the new one.
  let start = 0;
  const max = Math.min(prevText.length, text.length);
  while (start < max && prevText.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && prevText.charCodeAt(prevText.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const oldEnd = prevText.length - tail;
  const delta = text.length - prevText.length;

  const top = root.items;
  const at = top.findIndex((p) => isPair(p) && keyString(p) === 'services');
  if (at < 0 || top.some((p, i) => i !== at && keyString(p) === 'services')) return undefined;
  const servicesPair = top[at];
  const services = servicesPair.value as Node | null;
  if (!isMap(services) || services.flow || !services.range) return undefined;
  const list = services.items;
  // Each service's lines: from the start of its key's line to the start of the next key's line (the last service:
  // to the next top-level key, or the end of the file).
  const lineStart = (offset: number) => prevText.lastIndexOf('\n', offset - 1) + 1;
  const nextTop = top[at + 1] ? keyStart(top[at + 1]) : undefined;
  if (nextTop === null) return undefined;
  let i = -1;
  let blockStart = 0;
  let blockEnd = 0;
  for (let k = 0; k < list.length; k++) {
    const s = keyStart(list[k]);
    if (s === null) return undefined;
    const bs = lineStart(s);
    const next = k + 1 < list.length ? keyStart(list[k + 1]) : nextTop === undefined ? prevText.length : nextTop;
    if (next === null) return undefined;
    const be = next === prevText.length ? next : lineStart(next);
    if (bs <= start && oldEnd <= be) {
      i = k;
      blockStart = bs;
      blockEnd = be;
      break;
    }
  }
  // The last service's end is where the enclosing maps end, which trailing blank lines and comments decide: a full
  // parse works that out.
  if (i < 0 || i === list.length - 1) return undefined;
  // The next service's key must still start a line (an edit that joins the lines moves it into this block).
  if (text.charCodeAt(blockEnd + delta - 1) !== 10) return undefined;
  const oldBlock = prevText.slice(blockStart, blockEnd);
  const newBlock = text.slice(blockStart, blockEnd + delta);
  if (NOT_LOCAL.test(oldBlock) || NOT_LOCAL.test(newBlock)) return undefined;
  // A comment on the block's last lines: in the whole file the node before it ends at the next key, parsed alone at
  // the end of the text.
  if (TRAILING_COMMENT.test(oldBlock) || TRAILING_COMMENT.test(newBlock)) return undefined;

  let part: Document.Parsed;
  try {
    part = parseDocument(newBlock, COMPOSE_YAML_OPTIONS);
  } catch {
    return undefined;
  }
  const map = part.contents;
  if (part.errors.length || part.warnings.length || !isMap(map) || map.flow || map.items.length !== 1) return undefined;
  const pair = map.items[0];
  const oldKeyStart = keyStart(list[i]);
  const newKeyStart = keyStart(pair);
  if (oldKeyStart === null || newKeyStart === null || newKeyStart !== oldKeyStart - blockStart) return undefined;
  shift(pair, blockStart);

  const movedAfter = (p: Pair) => shifted(p, delta);
  const newServices = copyOf(services);
  newServices.items = [...list.slice(0, i), pair, ...list.slice(i + 1).map(movedAfter)];
  newServices.range = grow(services.range, delta);
  const newServicesPair = copyOf(servicesPair);
  newServicesPair.value = newServices;
  const newRoot = copyOf(root);
  newRoot.items = [...top.slice(0, at), newServicesPair, ...top.slice(at + 1).map(movedAfter)];
  if (root.range) newRoot.range = grow(root.range, delta);
  const newDoc = copyOf(doc);
  newDoc.contents = newRoot as YAMLMap.Parsed;
  newDoc.errors = [];
  newDoc.warnings = [];
  if (doc.range) newDoc.range = grow(doc.range, delta);
  return composeModelOf(path, text, newDoc, [newDoc]);
}

/** Where a pair's key starts; null when the key is no scalar with text (an empty key's place is the parser's guess). */
function keyStart(p: unknown): number | null {
  if (!isPair(p) || !isScalar(p.key) || !p.key.range || p.key.range[1] <= p.key.range[0] || keyString(p) === '<<') return null;
  return p.key.range[0];
}

/** A node's range whose end moved with the edit inside it. */
function grow(r: [number, number, number], delta: number): [number, number, number] {
  return [r[0], r[1] + delta, r[2] + delta];
}

/** A shallow copy: the same prototype and fields (as the `yaml` package's own clone makes, without the deep copy). */
function copyOf<T extends object>(node: T): T {
  return Object.create(Object.getPrototypeOf(node), Object.getOwnPropertyDescriptors(node)) as T;
}

/** A deep copy of a pair with every range moved by `delta`. */
function shifted(p: Pair, delta: number): Pair {
  if (delta === 0) return p;
  return movedCopy(p, delta) as Pair;
}

const { Alias, Pair: PairClass, Scalar, YAMLMap: MapClass, YAMLSeq } = yaml;

/**
 * A copy of a node (or pair) and everything under it, its ranges moved by `delta`: made with the node's own class and
 * its fields copied. The `yaml` package's clone copies every field through property descriptors, which costs some
 * 10 µs a node (a keystroke before the last services of a 3,000-line file: 30 ms); a node of another class (a
 * `!!set`, `!!omap`) is cloned that way still.
 */
function movedCopy(node: unknown, delta: number): unknown {
  if (!node || typeof node !== 'object') return node;
  const proto = Object.getPrototypeOf(node);
  let copy: { range?: [number, number, number] | null; items?: unknown[]; key?: unknown; value?: unknown };
  if (proto === PairClass.prototype) {
    const p = node as Pair;
    copy = Object.assign(new PairClass(null), p);
    copy.key = movedCopy(p.key, delta);
    copy.value = movedCopy(p.value, delta);
    return copy;
  }
  if (proto === Scalar.prototype) copy = Object.assign(new Scalar(null), node);
  else if (proto === MapClass.prototype || proto === YAMLSeq.prototype) {
    const c = node as YAMLMap;
    copy = Object.assign(proto === MapClass.prototype ? new MapClass(c.schema) : new YAMLSeq(c.schema), c);
    copy.items = c.items.map((it) => movedCopy(it, delta));
  } else if (proto === Alias.prototype) copy = Object.assign(new Alias((node as yaml.Alias).source), node);
  else {
    const clone = (node as Node).clone() as Node;
    shift(clone, delta);
    return clone;
  }
  const r = (node as { range?: [number, number, number] | null }).range;
  if (r) copy.range = [r[0] + delta, r[1] + delta, r[2] + delta];
  return copy;
}

/** Move every range under a node (in place) by `delta`. */
function shift(node: unknown, delta: number): void {
  if (isPair(node)) {
    shift(node.key, delta);
    shift(node.value, delta);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as { range?: [number, number, number] | null };
  if (n.range) n.range = [n.range[0] + delta, n.range[1] + delta, n.range[2] + delta];
  if (isCollection(node)) for (const it of (node as YAMLMap).items) shift(it, delta);
}
