// Where a position in a compose file sits in the Compose model: the key path at an offset, and the model's shape
// and documentation for a path. Shared by hover and completion.

import { COMPOSE_ROOT, type Prop, type Shape } from '../knowledge/compose-spec';
import { isMap, isSeq, keyString, spanOf, type Node, type Pair } from '../parsers/compose';
import type { Document } from 'yaml';
import type { Span } from '../core/finding';

/** A path step: a mapping key, or `[]` for a list item. */
export type Step = string;

/** The branch of a shape that holds mappings (for a key step) or lists (for `[]`). */
function branch(shape: Shape | undefined, step: Step): Shape | undefined {
  if (!shape) return undefined;
  if (shape.t !== 'oneOf') return shape;
  const want = step === '[]' ? ['list'] : ['object', 'map'];
  return shape.of.find((s) => want.includes(s.t));
}

/**
 * Keys inside a top-level `x-` block are usually service keys shared through `<<: *anchor`: read them as such.
 */
export function modelPath(path: Step[]): Step[] {
  return path.length >= 1 && path[0].startsWith('x-') ? ['services', '*', ...path.slice(1)] : path;
}

/** The property reached by a path (its last step is a key), with the shape it sits in. */
export function propAt(rawPath: Step[]): { prop?: Prop; parent?: Shape } {
  const path = modelPath(rawPath);
  let shape: Shape | undefined = COMPOSE_ROOT;
  let prop: Prop | undefined;
  let parent: Shape | undefined;
  for (const step of path) {
    shape = branch(shape, step);
    if (!shape) return {};
    parent = shape;
    if (step === '[]') {
      if (shape.t !== 'list') return {};
      shape = shape.of;
      prop = undefined;
    } else if (shape.t === 'object') {
      prop = shape.props[step];
      if (!prop) return { parent };
      shape = prop.shape;
    } else if (shape.t === 'map') {
      prop = undefined;
      shape = shape.values;
    } else return {};
  }
  return { prop, parent };
}

/** The shape at a path (after its last step). */
export function shapeAt(rawPath: Step[]): Shape | undefined {
  const path = modelPath(rawPath);
  let shape: Shape | undefined = COMPOSE_ROOT;
  for (const step of path) {
    shape = branch(shape, step);
    if (!shape) return undefined;
    if (step === '[]') shape = shape.t === 'list' ? shape.of : undefined;
    else if (shape.t === 'object') shape = shape.props[step]?.shape;
    else if (shape.t === 'map') shape = shape.values;
    else return undefined;
  }
  return shape;
}

/** The object shape (with known keys) that a new key at this path's level belongs to. */
export function objectAt(path: Step[]): Record<string, Prop> | undefined {
  const s = branch(shapeAt(path), 'key');
  return s && s.t === 'object' ? s.props : undefined;
}

export interface YamlPosition {
  path: Step[];
  /** Whether the offset is on the key of the last step. */
  onKey: boolean;
  keySpan?: Span;
}

/** The key path at an offset, from the parsed document (aliases are not followed: positions are textual). */
export function pathAt(doc: Document.Parsed | undefined, offset: number): YamlPosition | undefined {
  if (!doc) return undefined;
  const path: Step[] = [];
  let node: Node | undefined = doc.contents as Node | undefined;
  let onKey = false;
  let keySpan: Span | undefined;
  for (let depth = 0; node && depth < 64; depth++) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => {
        const k = spanOf(p.key as Node);
        const v = p.value ? (p.value as { range?: [number, number, number] }).range : undefined;
        const end = v ? v[1] : k.end;
        return offset >= k.start && offset <= Math.max(end, k.end);
      });
      if (!pair) break;
      const key = keyString(pair);
      if (key === undefined) break;
      path.push(key);
      const ks = spanOf(pair.key as Node);
      if (offset >= ks.start && offset <= ks.end) {
        onKey = true;
        keySpan = ks;
        break;
      }
      node = pair.value as Node | undefined;
    } else if (isSeq(node)) {
      const item = node.items.find((it) => {
        const s = spanOf(it as Node);
        return offset >= s.start && offset <= s.end;
      });
      if (!item) break;
      path.push('[]');
      node = item as Node;
    } else break;
  }
  return { path, onKey, keySpan };
}
