import { queriesOf } from '../../model/queries';
import { defineRule, type ReportDescriptor, type WorkspaceRuleContext } from '../../model/rule';
import { canRunTogether, composeProjects, type ComposeProject, type ProjectService } from './_project';
import { SHARING_KINDS, projectHosts, sharesHost } from './_hosts';
import { clash, parsePortItem, type PortBinding } from './_ports';
import { child, itemsOf, mergedRuns, textOf, type Merged } from './_merge';

interface Entry {
  project: ComposeProject;
  service: string;
  svc: ProjectService;
  profiles: string[];
  binding: PortBinding;
  file: string;
  /** The runs of the project (its merged views) that publish it. */
  runs: number[];
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
    const perProject = q.each('rule:compose-host-port-conflict', projects, (project) => projectBindings(ctx, project));
    for (const p of perProject) for (const d of p.scaled) ctx.report(d);
    // Which bindings clash depends on the bindings without their positions and on which projects share a host: an
    // edit that moves text but keeps every binding keeps the pairs, and only the reports are written again.
    const shares = sharesHost(ctx);
    const shapes = perProject.map((p) => p.shape);
    const pairs = q.get('rule:compose-host-port-conflict:pairs', [projectHosts(ctx), ...shapes], () => clashPairs(perProject, shares));
    for (const d of clashReports(pairs, perProject)) ctx.report(d);
  },
});

type Descriptor = ReportDescriptor & { file: string };

interface ProjectPorts {
  entries: Entry[];
  scaled: Descriptor[];
  /** The entries without their positions: what decides the clashes. */
  shape: string;
}

/** Which entries clash: by project position and entry position, the other entries and the port they share. */
type Pairs = { a: [number, number]; found: { b: [number, number]; port: number }[] }[];

function projectBindings(ctx: WorkspaceRuleContext, project: ComposeProject): ProjectPorts {
  const entries: Entry[] = [];
  const scaled: Descriptor[] = [];
  // One binding written once is one entry, whichever runs (the default files, each `-f` file on top) publish it.
  const byPlace = new Map<string, Entry>();
  const scaledSeen = new Set<string>();
  mergedRuns(ctx.workspace, ctx.parse, project).forEach((run, runIndex) => {
    for (const svc of project.services.values()) {
      const root = run.services.get(svc.name)?.root;
      if (!root) continue;
      if (textOf(child(root, 'network_mode')) === 'host') continue; // ports are discarded
      const profiles = itemsOf(child(root, 'profiles'))
        .map(textOf)
        .filter((x): x is string => x !== undefined);
      const replicas = replicasOf(root);
      // The merged `ports:` (an override appends to the base's list, `!reset`/`!override` drop it), each binding in
      // the file that writes it. The same binding written in the base file and an override is one binding.
      const seen = new Set<string>();
      for (const it of itemsOf(child(root, 'ports'))) {
        const b = parsePortItem(it.r, it.node, project.lookup);
        if (!b?.published) continue;
        const k = `${b.hostIp}|${b.published.lo}-${b.published.hi}|${b.protocol}|${b.target?.lo}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const file = it.pf.file.path;
        const place = `${svc.name}|${file}|${b.span.start}|${profiles.join(',')}`;
        const known = byPlace.get(place);
        if (known) known.runs.push(runIndex);
        else {
          const e: Entry = { project, service: svc.name, svc, profiles, binding: b, file, runs: [runIndex] };
          byPlace.set(place, e);
          entries.push(e);
        }
        if (replicas > 1 && b.published.lo === b.published.hi && !scaledSeen.has(`${place}|${replicas}`)) {
          scaledSeen.add(`${place}|${replicas}`);
          scaled.push({ messageId: 'scaled', data: { service: svc.name, replicas, port: b.published.lo, ip: ipOf(b) }, file, range: b.span });
        }
      }
    }
  });
  const shape = entries
    .map((e) => {
      const b = e.binding;
      return [e.service, e.file, b.hostIp, b.published!.lo, b.published!.hi, b.protocol, b.target?.lo, b.target?.hi, e.profiles.join(','), e.runs.join(',')].join('|');
    })
    .join('\n');
  const runs = project.runs.map((r) => [...r].map((pf) => pf.file.path).join(',')).join('|');
  return { entries, scaled, shape: `${project.dir}\n${runs}\n${shape}` };
}

/** For each binding that clashes, the bindings it clashes with (same project first). */
function clashPairs(perProject: ProjectPorts[], shares: (a: ComposeProject, b: ComposeProject) => boolean): Pairs {
  const all: Entry[] = [];
  const at = new Map<Entry, [number, number]>();
  perProject.forEach((p, i) =>
    p.entries.forEach((e, j) => {
      all.push(e);
      at.set(e, [i, j]);
    }),
  );
  // Keyed by protocol and port as one number (the protocol's first-seen rank above the 16 port bits).
  const index = new Map<number, Entry[]>();
  const protocols = new Map<string, number>();
  for (const e of all) {
    const b = e.binding;
    let proto = protocols.get(b.protocol);
    if (proto === undefined) protocols.set(b.protocol, (proto = protocols.size));
    for (let p = b.published!.lo; p <= b.published!.hi && p - b.published!.lo < 2000; p++) {
      const key = proto * 0x10000 + p;
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
        if (sameProject && !a.runs.some((r) => b.runs.includes(r))) continue; // only in two alternative -f files
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
  const out: Pairs = [];
  for (const [a, found] of clashes) {
    found.sort((x, y) => Number(y.other.project === a.project) - Number(x.other.project === a.project));
    out.push({ a: at.get(a)!, found: found.map((f) => ({ b: at.get(f.other)!, port: f.port })) });
  }
  return out;
}

/** One finding per binding: the clash that matters most in the message, every other binding it clashes with in `related`. */
function clashReports(pairs: Pairs, perProject: ProjectPorts[]): Descriptor[] {
  const entry = ([i, j]: [number, number]) => perProject[i].entries[j];
  const out: Descriptor[] = [];
  for (const pair of pairs) {
    const a = entry(pair.a);
    const found = pair.found.map((f) => ({ other: entry(f.b), port: f.port }));
    const { other: b, port } = found[0];
    const sameProject = a.project.dir === b.project.dir;
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

function replicasOf(svc: Merged): number {
  for (const v of [child(svc, 'scale'), child(svc, 'deploy', 'replicas')]) {
    const t = textOf(v);
    const n = Number(t);
    if (t !== undefined && Number.isInteger(n)) return n;
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
