import type { Node } from 'jsonc-parser';
import { defineRule } from '../../model/rule';
import { propMap, rootObject, spanOf, stringValue } from './_shared';

interface Cidr {
  v6: boolean;
  /** the network address as a bigint */
  net: bigint;
  prefix: number;
  /** host bits set in the given address */
  hostBits: boolean;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseIPv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.split('::').length > 2) return undefined;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (tail === undefined && h.length !== 8) return undefined;
  if (tail !== undefined && h.length + t.length > 7) return undefined;
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const v6 = m[1].includes(':');
  const addr = v6 ? parseIPv6(m[1]) : parseIPv4(m[1]);
  const bits = v6 ? 128 : 32;
  const prefix = Number(m[2]);
  if (addr === undefined || prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  return { v6, net: addr & ~hostMask, prefix, hostBits: (addr & hostMask) !== 0n };
}

function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.v6 !== b.v6) return false;
  const bits = a.v6 ? 128 : 32;
  const p = Math.min(a.prefix, b.prefix);
  const shift = BigInt(bits - p);
  return a.net >> shift === b.net >> shift;
}

export default defineRule({
  meta: {
    id: 'daemon-address-pool-invalid',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'error',
    summary: 'default-address-pools has a base that is not a CIDR, a bad size, or pools overlapping each other or the bridge',
    symptom: 'dockerd refuses to start, or networks land in ranges that collide with the LAN or the default bridge',
    type: 'problem',
    fix: 'none',
    messages: {
      notCidr: 'The pool base "{base}" is not a subnet in CIDR form such as "10.10.0.0/16": dockerd cannot parse it and refuses to start.',
      missing: 'This pool has no "{field}": every item of "default-address-pools" needs "base" (a CIDR) and "size" (the prefix length of each network).',
      sizeTooSmall: 'Pool size {size} is shorter than the base prefix /{prefix}: a network cannot be larger than the pool it is cut from, and dockerd rejects the pool.',
      sizeTooLarge: 'Pool size {size} is longer than an {family} address ({bits} bits): dockerd rejects the pool.',
      hostBits: 'The pool base "{base}" has host bits set (the network is {network}); write the network address so the range is what you mean.',
      overlap: 'The pool "{base}" overlaps the pool "{other}": both hand out the same subnets, so two networks can get the same range.',
      overlapBridge: 'The pool "{base}" overlaps "{key}": "{other}", so a new network can get the default bridge\'s subnet and its containers cannot reach each other.',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const props = propMap(ctx.workspace, obj);
    const pools = props.get('default-address-pools')?.valueNode;
    if (!pools || pools.type !== 'array') return;
    const file = ctx.file.path;
    const seen: { cidr: Cidr; base: string; node: Node }[] = [];
    for (const item of pools.children ?? []) {
      if (item.type !== 'object') continue; // daemon-wrong-type
      const fields = propMap(ctx.workspace, item);
      const baseNode = fields.get('base')?.valueNode;
      const sizeNode = fields.get('size')?.valueNode;
      if (!baseNode || !sizeNode) {
        ctx.report({ messageId: 'missing', data: { field: !baseNode ? 'base' : 'size' }, range: { start: item.offset, end: item.offset + 1 } });
        if (!baseNode) continue;
      }
      const base = stringValue(baseNode);
      if (base === undefined) continue;
      const cidr = parseCidr(base);
      if (!cidr) {
        ctx.report({ messageId: 'notCidr', data: { base }, range: spanOf(baseNode) });
        continue;
      }
      if (cidr.hostBits) {
        ctx.report({ messageId: 'hostBits', severity: 'warning', data: { base, network: `${formatNet(cidr)}/${cidr.prefix}` }, range: spanOf(baseNode) });
      }
      if (sizeNode && sizeNode.type === 'number' && Number.isInteger(sizeNode.value)) {
        const size = sizeNode.value as number;
        const bits = cidr.v6 ? 128 : 32;
        if (size > bits) ctx.report({ messageId: 'sizeTooLarge', data: { size, family: cidr.v6 ? 'IPv6' : 'IPv4', bits }, range: spanOf(sizeNode) });
        else if (size < cidr.prefix) ctx.report({ messageId: 'sizeTooSmall', data: { size, prefix: cidr.prefix }, range: spanOf(sizeNode) });
      }
      for (const other of seen) {
        if (overlaps(cidr, other.cidr)) {
          ctx.report({ messageId: 'overlap', severity: 'warning', data: { base, other: other.base }, range: spanOf(baseNode), related: [{ file, range: spanOf(other.node), message: `"${other.base}" is defined here` }] });
          break;
        }
      }
      seen.push({ cidr, base, node: baseNode });
      for (const key of ['bip', 'fixed-cidr']) {
        const n = props.get(key)?.valueNode;
        const s = stringValue(n);
        const c = s !== undefined ? parseCidr(s) : undefined;
        if (n && c && overlaps(cidr, c)) {
          ctx.report({ messageId: 'overlapBridge', severity: 'warning', data: { base, key, other: s! }, range: spanOf(baseNode), related: [{ file, range: spanOf(n), message: `"${key}" is set here` }] });
        }
      }
    }
  },
});

function formatNet(c: Cidr): string {
  if (!c.v6) return [24n, 16n, 8n, 0n].map((s) => String((c.net >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((c.net >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}
