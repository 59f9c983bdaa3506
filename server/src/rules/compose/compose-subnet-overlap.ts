import { defineRule, type ReportDescriptor, type SourceFile, type WorkspaceRuleContext } from '../../engine/rule';
import type { Span } from '../../engine/finding';
import { findNodeAtLocation, getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { Resolver, isMap, isScalar, isSeq, keyString, scalarString, spanOf, type Node } from '../../parsers/compose';
import { composeProjects, governingDaemonFiles, hostKeyOf, type ComposeProject } from './_project';

interface Cidr {
  lo: number;
  hi: number;
  text: string;
}

interface Subnet extends Cidr {
  owner: string;
  file: string;
  span: Span;
}

/** IPv4 CIDR (`10.1.0.0/16`, or an address with a prefix like `bip`'s `172.26.0.1/16`) as an inclusive range. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const addr = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const size = 2 ** (32 - bits);
  const lo = Math.floor(addr / size) * size;
  return { lo, hi: lo + size - 1, text: s.trim() };
}

const DEFAULT_BRIDGE = parseCidr('172.17.0.0/16')!;

export default defineRule({
  meta: {
    id: 'compose-subnet-overlap',
    kinds: ['compose', 'daemon-json'],
    scope: 'workspace',
    severity: 'warning',
    summary: 'Compose network subnets that overlap each other, the docker0 bridge or daemon.json address pools',
    symptom: 'Error response from daemon: Pool overlaps with other one on this address space; or containers that cannot reach a LAN/VPN range',
    type: 'problem',
    fix: 'none',
    messages: {
      network: 'Subnet {subnet} of network "{network}" overlaps {other} ({otherSubnet}); creating the second network fails with "Pool overlaps with other one on this address space".',
      bridge: 'Subnet {subnet} of network "{network}" overlaps the default bridge docker0 ({otherSubnet}{where}); Docker refuses the network with "Pool overlaps with other one on this address space".',
      pool: 'Subnet {subnet} of network "{network}" lies in the daemon\'s default-address-pools ({otherSubnet}, {where}); a network Docker allocates from that pool can take the same range first, and then this one fails with "Pool overlaps with other one on this address space".',
    },
  },
  check(ctx) {
    const projects = composeProjects(ctx.workspace, ctx.parse);
    let subnets = subnetsOf.get(projects);
    if (!subnets) subnetsOf.set(projects, (subnets = collectSubnets(projects)));
    if (subnets.length === 0) return;
    const daemonFiles = ctx.files('daemon-json');
    // The daemon's own ranges, from the daemon.json of the host the compose file runs on (docker0 is 172.17.0.0/16
    // unless `bip` moves it); worked out once per host tree.
    const hosts = new Map<SourceFile[], ReturnType<typeof readHost>>();
    const hostOf = (composePath: string) => {
      const governing = governingDaemonFiles(daemonFiles, composePath);
      let h = hosts.get(governing);
      if (!h) hosts.set(governing, (h = readHost(ctx, governing)));
      return h;
    };
    // Which other network each subnet clashes with depends on the host trees (the daemon.json paths), not on the
    // daemon.json text: kept while those stay the same.
    const daemonPaths = daemonFiles.map((f) => f.path).join('\n');
    let clashes = clashesOf.get(subnets);
    if (!clashes || clashes.daemonPaths !== daemonPaths) clashesOf.set(subnets, (clashes = { daemonPaths, first: firstClashes(subnets, daemonFiles) }));
    for (const a of subnets) {
      const { bridge, pools } = hostOf(a.file);
      const clash = clashes.first.get(a);
      if (clash) ctx.report(clash);
      if (overlaps(a, bridge.cidr)) {
        ctx.report(descriptor(a, 'bridge', { subnet: a.text, network: a.owner, otherSubnet: bridge.cidr.text, where: bridge.where }));
        continue;
      }
      const pool = pools.find((p) => overlaps(a, p.cidr));
      if (pool) ctx.report(descriptor(a, 'pool', { subnet: a.text, network: a.owner, otherSubnet: pool.cidr.text, where: pool.where }));
    }
  },
});

type Descriptor = ReportDescriptor & { file: string };
const subnetsOf = new WeakMap<ComposeProject[], Subnet[]>();
const clashesOf = new WeakMap<Subnet[], { daemonPaths: string; first: Map<Subnet, Descriptor> }>();
/** The same report on the same subnet is the same descriptor, so the engine keeps its finding. */
const descriptors = new WeakMap<Subnet, Map<string, Descriptor>>();

function descriptor(a: Subnet, messageId: string, data: Record<string, string>): Descriptor {
  let mine = descriptors.get(a);
  if (!mine) descriptors.set(a, (mine = new Map()));
  const key = `${messageId}\0${data.otherSubnet}\0${data.where}`;
  let d = mine.get(key);
  if (!d) mine.set(key, (d = { messageId, data, file: a.file, range: a.span }));
  return d;
}

function readHost(ctx: WorkspaceRuleContext, governing: SourceFile[]) {
  let bridge: { cidr: Cidr; where: string } = { cidr: DEFAULT_BRIDGE, where: '' };
  const pools: { cidr: Cidr; where: string }[] = [];
  for (const f of governing) {
    const root = ctx.parse('daemon-json', f).root;
    if (!root) continue;
    const bip = str(findNodeAtLocation(root, ['bip']));
    const parsed = bip ? parseCidr(bip) : undefined;
    if (parsed) bridge = { cidr: parsed, where: `, "bip" in ${short(f.path)}` };
    const list = findNodeAtLocation(root, ['default-address-pools']);
    if (list?.type === 'array') {
      for (const item of list.children ?? []) {
        const base = str(findNodeAtLocation(item, ['base']));
        const c = base ? parseCidr(base) : undefined;
        if (c) pools.push({ cidr: c, where: `default-address-pools in ${short(f.path)}` });
      }
    }
  }
  return { bridge, pools };
}

/** For each subnet, the first other network it overlaps on the same host. */
function firstClashes(subnets: Subnet[], daemonFiles: SourceFile[]): Map<Subnet, Descriptor> {
  const out = new Map<Subnet, Descriptor>();
  const hostKey = (p: string) => hostKeyOf(daemonFiles, p);
  for (const a of subnets) {
    for (const b of subnets) {
      if (a === b || !overlaps(a, b)) continue;
      if (a.owner === b.owner && a.file !== b.file) continue; // one network redefined by an override file
      if (hostKey(a.file) !== hostKey(b.file)) continue; // different host trees: different daemons
      out.set(a, {
        messageId: 'network',
        data: { subnet: a.text, network: a.owner, other: `network "${b.owner}"`, otherSubnet: b.text },
        file: a.file,
        range: a.span,
        related: [{ file: b.file, range: b.span, message: `network "${b.owner}" uses ${b.text}` }],
      });
      break;
    }
  }
  return out;
}

function collectSubnets(projects: ComposeProject[]): Subnet[] {
  const subnets: Subnet[] = [];
  for (const project of projects) {
    const seenFiles = new Set<string>();
    for (const pf of project.files) {
      if (seenFiles.has(pf.file.path) || !pf.model.root) continue;
      seenFiles.add(pf.file.path);
      const r = new Resolver(pf.model.doc);
      const networks = r.value(pf.model.root, 'networks');
      if (!isMap(networks)) continue;
      for (const np of r.entries(networks)) {
        const name = keyString(np);
        const net = r.resolve(np.value as Node);
        if (!name || !isMap(net)) continue;
        const ext = r.value(net, 'external');
        if (ext && !(isScalar(ext) && (ext.value === false || ext.value === 'false'))) continue;
        const ipam = r.value(net, 'ipam');
        const config = isMap(ipam) ? r.value(ipam, 'config') : undefined;
        if (!isSeq(config)) continue;
        for (const c of r.items(config)) {
          if (!isMap(c)) continue;
          const sn = r.value(c, 'subnet');
          if (!isScalar(sn)) continue;
          const cidr = parseCidr(scalarString(sn));
          if (cidr) subnets.push({ ...cidr, owner: `${project.name}_${name}`, file: pf.file.path, span: spanOf(sn) });
        }
      }
    }
  }
  return subnets;
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return a.lo <= b.hi && b.lo <= a.hi;
}

function str(n: JsonNode | undefined): string | undefined {
  const v = n ? getNodeValue(n) : undefined;
  return typeof v === 'string' ? v : undefined;
}

function short(p: string): string {
  return p.split('/').slice(-3).join('/');
}
