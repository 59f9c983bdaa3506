// Published ports of a service, short and long syntax, interpolated with the project's variables.
// Short: `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]`, IPv6 host addresses in brackets.

import type { Span } from '../../core/finding';
import { isMap, isScalar, isSeq, scalarString, spanOf, type Node, type Resolver } from '../../parsers/compose';
import { interpolate, type Lookup } from '../../parsers/interpolate';

export interface PortBinding {
  hostIp: string;
  /** Inclusive host port range; undefined when the host port is chosen by the engine. */
  published?: { lo: number; hi: number };
  target: { lo: number; hi: number } | undefined;
  protocol: string;
  /** The node to blame: the list item, or the `published` value of the long form. */
  span: Span;
  /** As written. */
  text: string;
}

export function parsePortsNode(r: Resolver, node: Node | undefined, lookup: Lookup): PortBinding[] {
  if (!node || !isSeq(node)) return [];
  const out: PortBinding[] = [];
  for (const it of r.items(node)) {
    const b = parsePortItem(r, it, lookup);
    if (b) out.push(b);
  }
  return out;
}

/** One item of a `ports:` list, short or long syntax (undefined when it cannot be read or has unknown variables). */
export function parsePortItem(r: Resolver, it: Node, lookup: Lookup): PortBinding | undefined {
  if (isScalar(it) && it.value !== null) {
    const raw = scalarString(it);
    const ip = interpolate(raw, lookup);
    if (ip.unresolved.length) return undefined;
    const b = parseShortPort(ip.value);
    return b && { ...b, span: spanOf(it), text: raw };
  }
  if (!isMap(it)) return undefined;
  const get = (k: string) => {
    const v = r.value(it, k);
    return isScalar(v) && v.value !== null ? { text: interpolate(scalarString(v), lookup), node: v } : undefined;
  };
  const pub = get('published');
  const target = get('target');
  if (!pub || pub.text.unresolved.length || pub.text.value === '') return undefined;
  const published = parseRange(pub.text.value);
  if (!published) return undefined;
  return {
    hostIp: get('host_ip')?.text.value ?? '',
    published,
    target: target ? parseRange(target.text.value) : undefined,
    protocol: (get('protocol')?.text.value || 'tcp').toLowerCase(),
    span: spanOf(pub.node),
    text: scalarString(pub.node as never),
  };
}

export function parseRange(s: string): { lo: number; hi: number } | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s.trim());
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] ? Number(m[2]) : lo;
  if (lo > 65535 || hi > 65535 || hi < lo) return undefined;
  return { lo, hi };
}

export function parseShortPort(s: string): Omit<PortBinding, 'span' | 'text'> | undefined {
  let rest = s.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase() || 'tcp';
    rest = rest.slice(0, slash);
  }
  let hostIp = '';
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 1).replace(/^:/, '');
  }
  const parts = rest.split(':');
  let hostPort: string | undefined;
  let containerPort: string;
  if (parts.length === 1) containerPort = parts[0];
  else if (parts.length === 2) [hostPort, containerPort] = parts;
  else if (parts.length === 3 && !hostIp) [hostIp, hostPort, containerPort] = parts;
  else return undefined;
  const target = parseRange(containerPort);
  if (!target) return undefined;
  if (hostPort === undefined || hostPort === '') return { hostIp, target, protocol };
  const published = parseRange(hostPort);
  if (!published) return undefined;
  return { hostIp, published, target, protocol };
}

const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

/** The first host port two bindings both claim, or undefined. */
export function clash(a: PortBinding, b: PortBinding): number | undefined {
  if (!a.published || !b.published) return undefined;
  if (a.protocol !== b.protocol) return undefined;
  if (a.hostIp !== b.hostIp && !WILDCARD.has(a.hostIp) && !WILDCARD.has(b.hostIp)) return undefined;
  const lo = Math.max(a.published.lo, b.published.lo);
  const hi = Math.min(a.published.hi, b.published.hi);
  return lo <= hi ? lo : undefined;
}

/** Container ports a binding exposes (for "does a service listen on this port"). */
export function targetPorts(b: PortBinding): number[] {
  if (!b.target) return [];
  const out: number[] = [];
  for (let p = b.target.lo; p <= b.target.hi && out.length < 1000; p++) out.push(p);
  return out;
}
