import { queriesOf } from '../../engine/queries';
import { defineRule, type ReportDescriptor, type WorkspaceRuleContext } from '../../engine/rule';
import { canRunTogether, composeProjects, profilesOf, sameRun, serviceValue, type ComposeProject, type ProjectService } from './_project';
import { SHARING_KINDS, projectHosts, sharesHost } from './_hosts';
import { clash, parsePortsNode, type PortBinding } from './_ports';
import { isMap, isScalar, scalarString } from '../../parsers/compose';

interface Entry {
  project: ComposeProject;
  service: string;
  svc: ProjectService;
  profiles: string[];
  binding: PortBinding;
  file: string;
}

export default defineRule({
  meta: {
    id: 'compose-host-port-conflict',
    kinds: ['compose', 'env-file', ...SHARING_KINDS],
    scope: 'workspace',
    severity: 'error',
    summary: 'Two services (or two projects) publish the same host port',
    symptom: 'Error response from daemon: driver failed programming external connectivity on endpoint ...: Bind for 0.0.0.0:8080 failed: port is already allocated',
    type: 'problem',
    fix: 'none',
    messages: {
      sameProject: 'Host port {port}/{protocol} is also published by service "{other}"{where}; whichever starts second fails with "Bind for {ip}:{port} failed: port is already allocated".',
      otherProject:
        'Host port {port}/{protocol} is also published by service "{other}" of project "{otherProject}" ({where}), which runs on the same host; the second `up` fails with "Bind for {ip}:{port} failed: port is already allocated".',
      scaled: 'Service "{service}" runs {replicas} replicas but publishes the fixed host port {port}; every replica after the first fails with "Bind for {ip}:{port} failed: port is already allocated". Publish a range or drop the host port.',
    },
  },
  check(ctx) {
    const ws = ctx.workspace;
    const q = queriesOf(ws);
    const projects = composeProjects(ws, ctx.parse);
    // Per project (worked out again only when a file of the project changed): its published bindings, and the
    // findings that need no other project.
    const perProject = projects.map((project) => q.get(`rule:compose-host-port-conflict:${project.dir}`, [project], () => projectBindings(ctx, project)));
    for (const p of perProject) for (const d of p.scaled) ctx.report(d);
    // The clashes, from those summaries and which projects share a host; kept while neither changed.
    const shares = sharesHost(ctx);
    const clashes = q.get('rule:compose-host-port-conflict:clashes', [projectHosts(ctx), ...perProject], () => clashReports(perProject.flatMap((p) => p.entries), shares));
    for (const d of clashes) ctx.report(d);
  },
});

type Descriptor = ReportDescriptor & { file: string };

function projectBindings(ctx: WorkspaceRuleContext, project: ComposeProject): { entries: Entry[]; scaled: Descriptor[] } {
  const ws = ctx.workspace;
  const entries: Entry[] = [];
  const scaled: Descriptor[] = [];
  for (const svc of project.services.values()) {
    const mode = serviceValue(ws, ctx.parse, svc, 'network_mode');
    if (mode && isScalar(mode.node) && scalarString(mode.node) === 'host') continue; // ports are discarded
    const profiles = profilesOf(ws, ctx.parse, svc);
    const bindings: { b: PortBinding; file: string }[] = [];
    for (const def of svc.defs) {
      const node = def.svc.node ? def.pf.resolver.value(def.svc.node, 'ports') : undefined;
      for (const b of parsePortsNode(def.pf.resolver, node, project.lookup)) bindings.push({ b, file: def.pf.file.path });
    }
    if (bindings.length === 0) {
      const inherited = serviceValue(ws, ctx.parse, svc, 'ports');
      // Inherited through `extends:` (possibly from a file of its own): reported where it is written.
      if (inherited) for (const b of parsePortsNode(inherited.pf.resolver, inherited.node, project.lookup)) bindings.push({ b, file: inherited.pf.file.path });
    }
    // The same binding written in the base file and an override is one binding.
    const seen = new Set<string>();
    for (const { b, file } of bindings) {
      if (!b.published) continue;
      const k = `${b.hostIp}|${b.published.lo}-${b.published.hi}|${b.protocol}|${b.target?.lo}`;
      if (seen.has(k)) continue;
      seen.add(k);
      entries.push({ project, service: svc.name, svc, profiles, binding: b, file });
      const replicas = replicasOf(ctx, svc);
      if (replicas > 1 && b.published.lo === b.published.hi) {
        scaled.push({ messageId: 'scaled', data: { service: svc.name, replicas, port: b.published.lo, ip: ipOf(b) }, file, range: b.span });
      }
    }
  }
  return { entries, scaled };
}

/** One finding per binding: the clash that matters most (same project first) in the message, every other binding it clashes with in `related`. */
function clashReports(all: Entry[], shares: (a: ComposeProject, b: ComposeProject) => boolean): Descriptor[] {
  // Keyed by protocol and port.
  const index = new Map<string, Entry[]>();
  for (const e of all) {
    const b = e.binding;
    for (let p = b.published!.lo; p <= b.published!.hi && p - b.published!.lo < 2000; p++) {
      const key = `${b.protocol}/${p}`;
      const list = index.get(key);
      if (list) list.push(e);
      else index.set(key, [e]);
    }
  }
  const clashes = new Map<Entry, { other: Entry; port: number }[]>();
  const paired = new Map<Entry, Set<Entry>>();
  for (const list of index.values()) {
    if (list.length < 2) continue;
    for (const a of list) {
      for (const b of list) {
        if (a === b) continue;
        const sameProject = a.project === b.project;
        if (sameProject && a.service === b.service && a.binding.span.start === b.binding.span.start && a.file === b.file) continue;
        if (sameProject && !canRunTogether(a.profiles, b.profiles)) continue;
        if (sameProject && !sameRun(a.project, a.svc, b.svc)) continue; // services of two alternative -f files
        if (!sameProject && !shares(a.project, b.project)) continue; // projects not known to run on one host
        const others = paired.get(a);
        if (others?.has(b)) continue;
        const port = clash(a.binding, b.binding);
        if (port === undefined) continue;
        const found = clashes.get(a);
        if (found) found.push({ other: b, port });
        else clashes.set(a, [{ other: b, port }]);
        if (others) others.add(b);
        else paired.set(a, new Set([b]));
      }
    }
  }
  const out: Descriptor[] = [];
  for (const [a, found] of clashes) {
    found.sort((x, y) => Number(y.other.project === a.project) - Number(x.other.project === a.project));
    const { other: b, port } = found[0];
    const sameProject = a.project === b.project;
    const more = found.length - 1;
    const data = {
      port,
      protocol: a.binding.protocol,
      other: b.service,
      otherProject: b.project.name,
      ip: ipOf(a.binding, b.binding),
      where: (sameProject ? (a.file === b.file ? '' : ` in ${shortPath(b.file)}`) : shortPath(b.file)) + (more ? `, and ${more} more` : ''),
    };
    out.push({
      messageId: sameProject ? 'sameProject' : 'otherProject',
      data,
      file: a.file,
      range: a.binding.span,
      severity: sameProject ? 'error' : 'warning',
      related: found.slice(0, 10).map((c) => ({ file: c.other.file, range: c.other.binding.span, message: `service "${c.other.service}" publishes host port ${c.port}/${c.other.binding.protocol} here` })),
    });
  }
  return out;
}

function replicasOf(ctx: WorkspaceRuleContext, svc: ProjectService): number {
  const scale = serviceValue(ctx.workspace, ctx.parse, svc, 'scale');
  if (scale && isScalar(scale.node)) {
    const n = Number(scalarString(scale.node));
    if (Number.isInteger(n)) return n;
  }
  const deploy = serviceValue(ctx.workspace, ctx.parse, svc, 'deploy');
  if (deploy && isMap(deploy.node)) {
    const r = deploy.pf.resolver.str(deploy.node, 'replicas');
    const n = Number(r);
    if (r !== undefined && Number.isInteger(n)) return n;
  }
  return 1;
}

function ipOf(...bs: PortBinding[]): string {
  const specific = bs.find((b) => b.hostIp && b.hostIp !== '0.0.0.0' && b.hostIp !== '::');
  return specific ? specific.hostIp : '0.0.0.0';
}

function shortPath(p: string): string {
  const parts = p.split('/');
  return parts.slice(-3).join('/');
}
