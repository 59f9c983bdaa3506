import { defineRule, type ReportDescriptor, type SourceFile, type WorkspaceRuleContext } from '../../model/rule';
import type { Span } from '../../core/finding';
import { findNodeAtLocation, getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { spanOf } from '../../parsers/compose';
import { fixedSubnets, overlaps, parseCidr, type Cidr } from './_subnets';
import { composeProjects, governingDaemonFiles, type ComposeProject } from './_project';
import { SHARING_KINDS, projectHosts, sharesHost } from './_hosts';
import { queriesOf } from '../../model/queries';

interface Subnet extends Cidr {
  project: ComposeProject;
  owner: string;
  file: string;
  span: Span;
}

const DEFAULT_BRIDGE = parseCidr('172.17.0.0/16')!;

export default defineRule({
  meta: {
    id: 'compose-subnet-overlap',
    kinds: ['compose', 'env-file', ...SHARING_KINDS],
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
    const ws = ctx.workspace;
    const q = queriesOf(ws);
    const projects = composeProjects(ws, ctx.parse);
    const perProject = q.each('rule:compose-subnet-overlap', projects, (project) => collectSubnets([project]));
    if (perProject.every((l) => l.length === 0)) return;
    const daemonFiles = ctx.files('daemon-json');
    // Subnets that overlap another network of a project on the same host (or of the same project).
    const shares = sharesHost(ctx);
    const clashes = q.get('rule:compose-subnet-overlap:clashes', [projectHosts(ctx), ...perProject], () => firstClashes(perProject.flat(), shares));
    for (const d of clashes) ctx.report(d);
    // The daemon's own ranges, from the daemon.json of the host the compose file runs on (docker0 is 172.17.0.0/16
    // unless `bip` moves it): per project, worked out again when the project or a daemon.json changed.
    perProject.forEach((subnets, i) => {
      if (subnets.length === 0) return;
      const reports = q.table('rule:compose-subnet-overlap:daemon').get(projects[i].dir, [subnets, daemonFiles], () => daemonReports(ctx, subnets, daemonFiles));
      for (const d of reports) ctx.report(d);
    });
  },
});

type Descriptor = ReportDescriptor & { file: string };

function daemonReports(ctx: WorkspaceRuleContext, subnets: Subnet[], daemonFiles: SourceFile[]): Descriptor[] {
  const out: Descriptor[] = [];
  const hosts = new Map<SourceFile[], ReturnType<typeof readHost>>();
  for (const a of subnets) {
    const governing = governingDaemonFiles(ctx.workspace, daemonFiles, a.file);
    let h = hosts.get(governing);
    if (!h) hosts.set(governing, (h = readHost(ctx, governing)));
    const { bridge, pools } = h;
    if (overlaps(a, bridge.cidr)) {
      out.push(descriptor(a, 'bridge', { subnet: a.text, network: a.owner, otherSubnet: bridge.cidr.text, where: bridge.where }));
      continue;
    }
    const pool = pools.find((p) => overlaps(a, p.cidr));
    if (pool) out.push(descriptor(a, 'pool', { subnet: a.text, network: a.owner, otherSubnet: pool.cidr.text, where: pool.where }));
  }
  return out;
}

function descriptor(a: Subnet, messageId: string, data: Record<string, string>): Descriptor {
  return { messageId, data, file: a.file, range: a.span };
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
function firstClashes(subnets: Subnet[], shares: (a: ComposeProject, b: ComposeProject) => boolean): Descriptor[] {
  const out: Descriptor[] = [];
  for (const a of subnets) {
    for (const b of subnets) {
      if (a === b || !overlaps(a, b)) continue;
      if (a.owner === b.owner && a.file !== b.file) continue; // one network redefined by an override file
      if (!shares(a.project, b.project)) continue; // projects not known to run on one host: different daemons
      out.push({
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
      if (seenFiles.has(pf.file.path)) continue;
      seenFiles.add(pf.file.path);
      for (const s of fixedSubnets(pf.model)) subnets.push({ ...s.cidr, project, owner: `${project.name}_${s.network}`, file: pf.file.path, span: spanOf(s.node) });
    }
  }
  return subnets;
}

function str(n: JsonNode | undefined): string | undefined {
  const v = n ? getNodeValue(n) : undefined;
  return typeof v === 'string' ? v : undefined;
}

function short(p: string): string {
  return p.split('/').slice(-3).join('/');
}
