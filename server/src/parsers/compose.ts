// Compose files, parsed with the `yaml` package's Document API so every node keeps its range in the original text.
// Merge keys (`<<: *anchor`) and aliases are resolved by the helpers below, with a bound on how many aliases one
// file may expand (the "billion laughs" document). Never throws: YAML errors are part of the model.

import * as yaml from 'yaml';
import { parseAllDocuments, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

// The node tests are called for nearly every node a rule looks at: bound once here, so that a bundle calls them
// directly rather than through the getter its CommonJS interop puts on every access to the package's exports.
const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;
import type { Span } from '../core/finding';
import { SERVICE_PROPS, TOP_LEVEL_PROPS, V1_ONLY_SERVICE_KEYS } from '../knowledge/compose-spec';

/** Alias lookups one Resolver makes before it stops following aliases (cached lookups count too). */
export const MAX_ALIAS_LOOKUPS = 1_000_000;

export interface ComposeService {
  name: string;
  /** The service's key in `services:`. */
  keySpan: Span;
  pair: Pair;
  /** The service's mapping (aliases resolved), or undefined when it is not a mapping. */
  node: YAMLMap | undefined;
}

export interface ComposeModel {
  path: string;
  /** Folder of the file, with `/` separators. */
  dir: string;
  doc: Document.Parsed | undefined;
  /** The documents after the first in a multi-document file (`---`): Compose reads each as an override of the ones before. */
  moreDocs: Document.Parsed[];
  /** The top-level mapping, when the document is one and has no YAML errors. */
  root: YAMLMap | undefined;
  syntaxErrors: { message: string; span: Span }[];
  services: ComposeService[];
  /**
   * The top-level entries of a file in the Compose v1 format (services at the top level, no `services:`), which
   * Compose v2 refuses. Its services are in `services` all the same, so the other rules still read them.
   */
  v1Services?: Pair[];
  /** Top-level `name:` as written (before interpolation). */
  name?: { value: string; span: Span };
  version?: { pair: Pair; keySpan: Span };
  /** Paths named in top-level `include:`, as written. */
  includes: { path: string; span: Span }[];
  /** `extends: {file: ...}` targets, as written. */
  extendsFiles: { path: string; span: Span; service: string }[];
  /** Files named in `env_file:` of any service, as written. */
  envFiles: { path: string; span: Span; service: string; required: boolean; /** `raw` keeps values as written */ format?: string }[];
}

/** The `yaml` options every compose parse uses (the incremental re-parse too, so both read a file alike). */
export const COMPOSE_YAML_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false, strict: false, keepSourceTokens: false } as const;

export function parseCompose(text: string, path: string): ComposeModel {
  let docs: Document.Parsed[];
  let doc: Document.Parsed;
  try {
    const all = parseAllDocuments(text, COMPOSE_YAML_OPTIONS);
    docs = Array.isArray(all) ? all : [];
    // A stream with no document (an empty file) still gets one, with null contents.
    doc = docs[0] ?? parseDocument(text, COMPOSE_YAML_OPTIONS);
  } catch (e) {
    const model = emptyModel(path);
    model.syntaxErrors.push({ message: e instanceof Error ? e.message : String(e), span: { start: 0, end: Math.min(1, text.length) } });
    return model;
  }
  return composeModelOf(path, text, doc, docs);
}

function emptyModel(path: string): ComposeModel {
  const norm = path.replace(/\\/g, '/');
  const dir = norm.includes('/') ? norm.slice(0, norm.lastIndexOf('/')) || '/' : '.';
  return { path: norm, dir, doc: undefined, moreDocs: [], root: undefined, syntaxErrors: [], services: [], includes: [], extendsFiles: [], envFiles: [] };
}

/** The model of parsed documents (`docs` is every document of the stream, `doc` the first). */
export function composeModelOf(path: string, text: string, doc: Document.Parsed, docs: Document.Parsed[]): ComposeModel {
  const model = emptyModel(path);
  model.doc = doc;
  model.moreDocs = docs.slice(1);
  for (const d of docs.length ? docs : [doc]) {
    for (const e of d.errors) {
      const start = Math.min(e.pos[0], text.length);
      model.syntaxErrors.push({ message: e.message.split('\n')[0], span: { start, end: Math.max(start, Math.min(e.pos[1], text.length)) } });
    }
  }
  // Compose refuses a file with YAML errors, so the model offers no services to lint (the document stays, for the
  // editor features that work on half-typed text; compose-schema reports the error itself).
  if (model.syntaxErrors.length) return model;
  const root = doc.contents;
  if (!isMap(root)) return model;
  model.root = root;
  const r = new Resolver(doc);
  for (const p of r.entries(root)) {
    const key = keyString(p);
    if (key === 'services') {
      const services = r.resolve(p.value as Node | null);
      if (isMap(services)) {
        for (const sp of r.entries(services)) {
          const name = keyString(sp);
          if (name === undefined) continue;
          const node = r.resolve(sp.value as Node | null);
          model.services.push({ name, keySpan: spanOf(sp.key as Node), pair: sp, node: isMap(node) ? node : undefined });
        }
      }
    } else if (key === 'name') {
      const v = r.resolve(p.value as Node | null);
      if (isScalar(v) && v.value !== null) model.name = { value: String(v.value), span: spanOf(v) };
    } else if (key === 'version') {
      model.version = { pair: p, keySpan: spanOf(p.key as Node) };
    } else if (key === 'include') {
      const v = r.resolve(p.value as Node | null);
      if (isSeq(v)) {
        for (const item of v.items) {
          const it = r.resolve(item as Node);
          if (isScalar(it) && typeof it.value === 'string') model.includes.push({ path: it.value, span: spanOf(it) });
          else if (isMap(it)) {
            const pv = r.resolve(r.get(it, 'path')?.value as Node | null);
            if (isScalar(pv) && typeof pv.value === 'string') model.includes.push({ path: pv.value, span: spanOf(pv) });
            else if (isSeq(pv)) for (const x of pv.items) if (isScalar(x) && typeof x.value === 'string') model.includes.push({ path: x.value, span: spanOf(x) });
          }
        }
      }
    }
  }
  if (!r.get(root, 'services')) {
    const v1 = r.entries(root).filter((p) => looksLikeV1Service(p, r));
    if (v1.length) {
      model.v1Services = v1;
      for (const sp of v1) model.services.push({ name: keyString(sp)!, keySpan: spanOf(sp.key as Node), pair: sp, node: r.resolve(sp.value as Node | null) as YAMLMap });
    }
  }
  // Services of later documents: the first definition of a name stands (merging them is the project model's job).
  for (const d of model.moreDocs) {
    if (!isMap(d.contents)) continue;
    const dr = new Resolver(d);
    const services = dr.value(d.contents, 'services');
    if (!isMap(services)) continue;
    for (const sp of dr.entries(services)) {
      const name = keyString(sp);
      if (name === undefined || model.services.some((x) => x.name === name)) continue;
      const node = dr.resolve(sp.value as Node | null);
      model.services.push({ name, keySpan: spanOf(sp.key as Node), pair: sp, node: isMap(node) ? node : undefined });
    }
  }
  for (const s of model.services) {
    if (!s.node) continue;
    const ext = r.resolve(r.get(s.node, 'extends')?.value as Node | null);
    if (isMap(ext)) {
      const f = r.resolve(r.get(ext, 'file')?.value as Node | null);
      const sv = r.resolve(r.get(ext, 'service')?.value as Node | null);
      if (isScalar(f) && typeof f.value === 'string') model.extendsFiles.push({ path: f.value, span: spanOf(f), service: isScalar(sv) ? String(sv.value) : '' });
    }
    const ef = r.resolve(r.get(s.node, 'env_file')?.value as Node | null);
    const items = isSeq(ef) ? ef.items : ef ? [ef] : [];
    for (const item of items) {
      const it = r.resolve(item as Node);
      if (isScalar(it) && typeof it.value === 'string') model.envFiles.push({ path: it.value, span: spanOf(it), service: s.name, required: true });
      else if (isMap(it)) {
        const pv = r.resolve(r.get(it, 'path')?.value as Node | null);
        const req = r.resolve(r.get(it, 'required')?.value as Node | null);
        const fmt = r.resolve(r.get(it, 'format')?.value as Node | null);
        if (isScalar(pv) && typeof pv.value === 'string')
          model.envFiles.push({ path: pv.value, span: spanOf(pv), service: s.name, required: !(isScalar(req) && (req.value === false || req.value === 'false')), format: isScalar(fmt) && fmt.value !== null ? String(fmt.value) : undefined });
      }
    }
  }
  return model;
}

/** A top-level entry that is no Compose key but a mapping of service keys (`image:`, `build:`, `ports:` …). */
function looksLikeV1Service(p: Pair, r: Resolver): boolean {
  const key = keyString(p);
  if (key === undefined || key in TOP_LEVEL_PROPS || key.startsWith('x-')) return false;
  const v = r.resolve(p.value as Node | null);
  if (!isMap(v)) return false;
  const keys = r.entries(v).map(keyString);
  return (keys.includes('image') || keys.includes('build')) && keys.every((k) => k !== undefined && (k in SERVICE_PROPS || V1_ONLY_SERVICE_KEYS.includes(k) || k.startsWith('x-')));
}

/**
 * Resolves aliases and merge keys. Each alias and each mapping's merged entries are worked out once and cached, and
 * a budget bounds the number of alias lookups one resolver makes, so a hostile file (the "billion laughs" document)
 * cannot make a rule that walks values expand it exponentially.
 */
export class Resolver {
  private budget: number;
  private readonly aliases = new Map<unknown, Node | undefined>();
  // Plain maps, not weak ones: a resolver lives no longer than the document it reads, and weak tables cost the
  // garbage collector far more than their entries.
  private readonly merged = new Map<YAMLMap, Pair[]>();
  /** Each mapping's entries by key (the last of duplicates), for get(). */
  private readonly byKey = new Map<YAMLMap, Map<string, Pair>>();
  constructor(
    readonly doc: Document.Parsed | undefined,
    maxLookups = MAX_ALIAS_LOOKUPS,
  ) {
    this.budget = maxLookups;
  }

  get exhausted(): boolean {
    return this.budget <= 0;
  }

  /** The node an alias points to (followed through alias chains), or the node itself. */
  resolve(node: Node | null | undefined): Node | undefined {
    if (!isAlias(node)) return node ?? undefined;
    if (this.budget-- <= 0) return undefined;
    if (this.aliases.has(node)) return this.aliases.get(node);
    let n: unknown = node;
    let hops = 0;
    while (isAlias(n)) {
      if (!this.doc || hops++ > 20) {
        n = undefined;
        break;
      }
      try {
        n = n.resolve(this.doc);
      } catch {
        n = undefined;
      }
    }
    const out = (n as Node | undefined) ?? undefined;
    this.aliases.set(node, out);
    return out;
  }

  /** The pairs of a mapping with merge keys expanded: explicit keys win over merged ones, earlier merges over later. */
  entries(map: YAMLMap, depth = 0): Pair[] {
    const hit = this.merged.get(map);
    if (hit) return hit;
    const own: Pair[] = [];
    const merged: Pair[] = [];
    for (const p of map.items) {
      if (!isPair(p)) continue;
      if (isMergeKey(p) && depth < 10) {
        const v = p.value as Node | null;
        const sources = isSeq(v) ? v.items : [v];
        for (const s of sources) {
          const target = this.resolve(s as Node);
          if (isMap(target) && target !== map) merged.push(...this.entries(target, depth + 1));
        }
      } else if (!isMergeKey(p)) own.push(p);
    }
    let out = own;
    if (merged.length) {
      const seen = new Set(own.map(keyString));
      out = [...own];
      for (const p of merged) {
        const k = keyString(p);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(p);
      }
    }
    this.merged.set(map, out);
    return out;
  }

  /** The pair for a key of a mapping (merge keys included). Later duplicates win, as Compose reads them. */
  get(map: YAMLMap, key: string): Pair | undefined {
    let index = this.byKey.get(map);
    if (!index) {
      index = new Map();
      for (const p of this.entries(map)) {
        const k = keyString(p);
        if (k !== undefined) index.set(k, p);
      }
      this.byKey.set(map, index);
    }
    return index.get(key);
  }

  /** The resolved value node of a key. */
  value(map: YAMLMap | undefined, key: string): Node | undefined {
    if (!map) return undefined;
    const p = this.get(map, key);
    return p ? this.resolve(p.value as Node | null) : undefined;
  }

  /** A scalar value of a key as a string (numbers and booleans as written), or undefined. */
  str(map: YAMLMap | undefined, key: string): string | undefined {
    const v = this.value(map, key);
    return isScalar(v) && v.value !== null && v.value !== undefined ? scalarString(v) : undefined;
  }

  /** Items of a sequence, resolved. */
  items(seq: YAMLSeq): Node[] {
    const out: Node[] = [];
    for (const it of seq.items) {
      const r = this.resolve(it as Node);
      if (r) out.push(r);
    }
    return out;
  }
}

export function isMergeKey(p: Pair): boolean {
  const k = p.key as unknown;
  return isScalar(k) && (typeof k.value === 'symbol' || (k.value === '<<' && k.type === 'PLAIN'));
}

export function keyString(p: Pair): string | undefined {
  const k = p.key as unknown;
  if (isScalar(k)) return k.value === null || k.value === undefined ? '' : typeof k.value === 'symbol' ? '<<' : String(k.value);
  return undefined;
}

export function scalarString(s: Scalar): string {
  if (typeof s.value === 'string') return s.value;
  if (s.value === null || s.value === undefined) return '';
  // Keep numbers as written (`0755`, `1e3`, `8080`), not as JavaScript prints them.
  if (s.type === 'PLAIN' && typeof s.source === 'string') return s.source;
  return String(s.value);
}

export function spanOf(node: Node | null | undefined): Span {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  if (!r) return { start: 0, end: 0 };
  return { start: r[0], end: r[1] };
}

/** The span of a whole pair: key through value. */
export function pairSpan(p: Pair): Span {
  const k = spanOf(p.key as Node);
  const v = p.value ? spanOf(p.value as Node) : k;
  return { start: k.start, end: Math.max(k.end, v.end) };
}

/**
 * Where each character of a scalar's value sits in the file, when it can be told: plain scalars map one to one,
 * single-quoted ones with `''` escapes and double-quoted ones with backslash escapes on one line too. Returns
 * undefined for block scalars and multi-line flow scalars.
 */
export function valueOffsets(text: string, s: Scalar): number[] | undefined {
  const span = spanOf(s);
  const src = text.slice(span.start, span.end);
  const value = typeof s.value === 'string' ? s.value : scalarString(s);
  if (src.includes('\n') || src.includes('\r')) return undefined;
  if (s.type === 'PLAIN' || s.type === undefined) {
    if (src !== value) return undefined;
    return [...value].map((_, i) => span.start + i).concat(span.start + value.length);
  }
  if (s.type === 'QUOTE_SINGLE' || s.type === 'QUOTE_DOUBLE') {
    const out: number[] = [];
    let i = 1;
    const end = src.length - 1;
    let built = '';
    while (i < end) {
      out.push(span.start + i);
      if (s.type === 'QUOTE_SINGLE' && src[i] === "'" && src[i + 1] === "'") {
        built += "'";
        i += 2;
      } else if (s.type === 'QUOTE_DOUBLE' && src[i] === '\\') {
        const e = src[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', ' ': ' ', N: '\x85', _: '\xa0' };
        if (e in simple) {
          built += simple[e];
          i += 2;
        } else return undefined;
      } else {
        built += src[i];
        i++;
      }
    }
    out.push(span.start + i);
    return built === value ? out : undefined;
  }
  return undefined;
}

export { isMap, isSeq, isScalar, isPair, isAlias };
export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };
