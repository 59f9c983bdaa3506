// What Compose's loader refuses after the schema has passed: the checks of compose-go's validation, transform and
// consistency steps, each reported on the smallest node to blame. The facts (which keys, which sections) live in
// knowledge/compose-spec.ts (COMPOSE_LOADER); this file only walks the document.

import { isMap, isScalar, isSeq, keyString, spanOf, scalarString, Resolver, type Node, type Pair, type YAMLMap } from '../../parsers/compose';
import { hasInterpolation } from '../../parsers/interpolate';
import { COMPOSE_LOADER } from '../../knowledge/compose-spec';
import type { Span } from '../../core/finding';
import { isStringKey } from './_schema';

export type LoaderIssue =
  | { kind: 'non-string-key'; span: Span; key: string; where: string }
  | { kind: 'external-conflict'; span: Span; section: string; name: string; key: string; external: Span }
  | { kind: 'external-name-conflict'; span: Span; section: string; name: string; related: Span }
  | { kind: 'bind-without-source'; span: Span }
  | { kind: 'device-exclusive'; span: Span; path: string; related: Span }
  | { kind: 'env-trailing-space'; span: Span; name: string; fixSpan: Span }
  | { kind: 'dependency-cycle'; span: Span; cycle: string[]; related: Span[] };

/**
 * What a caller keeps per service: the issues `compute` finds in a service that stands alone (what it reads is its
 * own nodes), kept while its node lives; undefined for a node that is no such service.
 */
export type ServiceMemo = (node: Node, part: 'keys' | 'checks', compute: () => LoaderIssue[]) => LoaderIssue[] | undefined;

/** Every check, over one document's top-level mapping. `text` is the file, for offsets inside scalars. */
export function loaderIssues(root: YAMLMap, r: Resolver, text: string, memo?: ServiceMemo): LoaderIssue[] {
  const out: LoaderIssue[] = [];
  nonStringKeys(root, undefined, out, memo);
  for (const section of COMPOSE_LOADER.externalSections) {
    const top = r.value(root, section);
    if (!isMap(top)) continue;
    for (const entry of r.entries(top)) {
      const name = keyString(entry);
      const res = r.resolve(entry.value as Node | null);
      if (name === undefined || !isMap(res)) continue;
      externalChecks(section, name, res, r, out);
    }
  }
  const services = r.value(root, 'services');
  if (isMap(services)) {
    for (const sp of r.entries(services)) {
      const name = keyString(sp);
      const svc = r.resolve(sp.value as Node | null);
      if (name === undefined || !isMap(svc)) continue;
      const kept = memo?.(svc, 'checks', () => {
        const own: LoaderIssue[] = [];
        serviceChecks(name, svc, r, text, own);
        return own;
      });
      if (kept) out.push(...kept);
      else serviceChecks(name, svc, r, text, out);
    }
    dependencyCycles(services, r, out);
  }
  return out;
}

/**
 * compose-go turns every key into a string first and stops at the first that is not one ("non-string key"). The walk
 * follows the tree as written (aliases are not followed), so no node is met twice; the place is made into text only
 * for a key it reports.
 */
function nonStringKeys(node: Node | undefined, where: Where, out: LoaderIssue[], memo?: ServiceMemo): void {
  if (!node) return;
  const kept = memo?.(node, 'keys', () => {
    const own: LoaderIssue[] = [];
    nonStringKeys(node, where, own);
    return own;
  });
  if (kept) {
    out.push(...kept);
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((it, i) => nonStringKeys(it as Node, { up: where, seg: i }, out, memo));
    return;
  }
  if (!isMap(node)) return;
  for (const p of node.items as Pair[]) {
    const k = p.key as Node | null;
    const isMerge = isScalar(k) && (typeof k.value === 'symbol' || k.value === '<<');
    if (isMerge) continue;
    if (!isStringKey(p)) {
      const text = isScalar(k) ? scalarString(k) : 'a complex key';
      const at = whereText(where);
      out.push({ kind: 'non-string-key', span: spanOf(k), key: text, where: at ? `in ${at}` : 'at top level' });
      continue;
    }
    nonStringKeys(p.value as Node, { up: where, seg: keyString(p)! }, out, memo);
  }
}

/** A place in the document as a chain up to the root: a key, or a list index. */
type Where = { up: Where; seg: string | number } | undefined;

/** `a.b[0].c`, as compose-go names the place. */
function whereText(w: Where): string {
  if (!w) return '';
  const up = whereText(w.up);
  if (typeof w.seg === 'number') return `${up}[${w.seg}]`;
  return up ? `${up}.${w.seg}` : w.seg;
}

function externalChecks(section: string, name: string, res: YAMLMap, r: Resolver, out: LoaderIssue[]): void {
  const ext = r.get(res, 'external');
  if (!ext) return;
  const extVal = r.resolve(ext.value as Node | null);
  const isTrue = isScalar(extVal) && (extVal.value === true || extVal.value === 'true');
  if ((isTrue || isMap(extVal)) && COMPOSE_LOADER.externalExclusive.includes(section)) {
    for (const p of r.entries(res)) {
      const k = keyString(p);
      if (k === undefined || k.startsWith('x-') || COMPOSE_LOADER.externalAllows.includes(k)) continue;
      out.push({ kind: 'external-conflict', span: spanOf(p.key as Node), section, name, key: k, external: spanOf(ext.key as Node) });
    }
  }
  if (isMap(extVal)) {
    const extName = r.get(extVal, 'name');
    const own = r.str(res, 'name');
    const other = r.str(extVal, 'name');
    if (extName && own !== undefined && other !== undefined && own !== other)
      out.push({ kind: 'external-name-conflict', span: spanOf(extName.key as Node), section, name, related: spanOf(r.get(res, 'name')!.key as Node) });
  }
}

function serviceChecks(name: string, svc: YAMLMap, r: Resolver, text: string, out: LoaderIssue[]): void {
  const vols = r.value(svc, 'volumes');
  if (isSeq(vols)) {
    for (const v of r.items(vols)) {
      if (!isMap(v)) continue;
      const type = r.value(v, 'type');
      if (isScalar(type) && type.value === 'bind' && !r.get(v, 'source')) out.push({ kind: 'bind-without-source', span: spanOf(type) });
    }
  }
  // Device requests: `count` and `device_ids` pick devices two ways, and Compose takes neither.
  const deviceLists: [string, Node | undefined][] = [
    [`services.${name}.deploy.resources.reservations.devices`, dig(r, svc, ['deploy', 'resources', 'reservations', 'devices'])],
    [`services.${name}.gpus`, r.value(svc, 'gpus')],
  ];
  for (const [path, list] of deviceLists) {
    if (!isSeq(list)) continue;
    r.items(list).forEach((d, i) => {
      if (!isMap(d)) return;
      const [a, b] = COMPOSE_LOADER.exclusiveDeviceKeys.map((k) => r.get(d, k));
      if (a && b) out.push({ kind: 'device-exclusive', span: spanOf(b.key as Node), path: `${path}.${i}`, related: spanOf(a.key as Node) });
    });
  }
  for (const path of COMPOSE_LOADER.envListPaths) {
    const list = dig(r, svc, path);
    if (!isSeq(list)) continue;
    for (const it of r.items(list)) {
      if (!isScalar(it) || typeof it.value !== 'string') continue;
      const eq = it.value.indexOf('=');
      const key = eq < 0 ? it.value : it.value.slice(0, eq);
      const trimmed = key.replace(/\s+$/, '');
      if (!trimmed || trimmed === key || hasInterpolation(key)) continue;
      const at = locate(text, it, trimmed.length, key.length);
      if (at) out.push({ kind: 'env-trailing-space', span: at.name, name: key, fixSpan: at.spaces });
    }
  }
}

/** Where a variable name and its trailing spaces sit, when the scalar is on one line as written. */
function locate(text: string, s: Node, nameLen: number, keyLen: number): { name: Span; spaces: Span } | undefined {
  const span = spanOf(s);
  const src = text.slice(span.start, span.end);
  if (src.includes('\n')) return undefined;
  const quoted = src.startsWith('"') || src.startsWith("'");
  const start = span.start + (quoted ? 1 : 0);
  // Escapes inside the name would move the offsets; only plain text is located.
  if (text.slice(start, start + keyLen).includes('\\')) return undefined;
  return { name: { start, end: start + keyLen }, spaces: { start: start + nameLen, end: start + keyLen } };
}

function dig(r: Resolver, map: YAMLMap, path: readonly string[]): Node | undefined {
  let cur: Node | undefined = map;
  for (const k of path) {
    if (!isMap(cur)) return undefined;
    cur = r.value(cur, k);
  }
  return cur;
}

/** compose-go refuses a project whose services wait on each other in a circle (depends_on, links, `service:`). */
function dependencyCycles(services: YAMLMap, r: Resolver, out: LoaderIssue[]): void {
  const edges = new Map<string, { to: string; span: Span }[]>();
  for (const sp of r.entries(services)) {
    const name = keyString(sp);
    const svc = r.resolve(sp.value as Node | null);
    if (name === undefined || !isMap(svc)) continue;
    const list: { to: string; span: Span }[] = [];
    const dep = r.value(svc, 'depends_on');
    if (isSeq(dep)) for (const it of r.items(dep)) if (isScalar(it) && typeof it.value === 'string') list.push({ to: it.value, span: spanOf(it) });
    if (isMap(dep)) for (const p of r.entries(dep)) if (keyString(p) !== undefined) list.push({ to: keyString(p)!, span: spanOf(p.key as Node) });
    const links = r.value(svc, 'links');
    if (isSeq(links)) for (const it of r.items(links)) if (isScalar(it) && typeof it.value === 'string') list.push({ to: it.value.split(':')[0], span: spanOf(it) });
    for (const key of COMPOSE_LOADER.sharedNamespaces) {
      const v = r.value(svc, key);
      if (isScalar(v) && typeof v.value === 'string' && v.value.startsWith('service:')) list.push({ to: v.value.slice(8), span: spanOf(v) });
    }
    const from = r.value(svc, 'volumes_from');
    if (isSeq(from)) for (const it of r.items(from)) if (isScalar(it) && typeof it.value === 'string' && !it.value.startsWith('container:')) list.push({ to: it.value.split(':')[0], span: spanOf(it) });
    edges.set(name, list.filter((e) => !hasInterpolation(e.to)));
  }
  // Depth-first search in file order; each cycle is reported once, on the edge that closes it.
  const state = new Map<string, 'open' | 'done'>();
  const stack: { name: string; via?: Span }[] = [];
  const seenCycles = new Set<string>();
  const walk = (name: string): void => {
    state.set(name, 'open');
    for (const e of edges.get(name) ?? []) {
      if (!edges.has(e.to)) continue;
      if (state.get(e.to) === 'open') {
        const i = stack.findIndex((s) => s.name === e.to);
        const members = stack.slice(i);
        const cycle = [...members.map((m) => m.name), e.to];
        const key = [...members.map((m) => m.name)].sort().join('\0');
        if (seenCycles.has(key)) continue;
        seenCycles.add(key);
        const related = members.slice(1).map((m) => m.via!).filter(Boolean);
        out.push({ kind: 'dependency-cycle', span: e.span, cycle, related });
        continue;
      }
      if (state.get(e.to) === 'done') continue;
      stack.push({ name: e.to, via: e.span });
      walk(e.to);
      stack.pop();
    }
    state.set(name, 'done');
  };
  for (const name of edges.keys()) {
    if (state.has(name)) continue;
    stack.push({ name });
    walk(name);
    stack.pop();
  }
}
