// A network one project declares `external` under the short name another project of the same host creates it with:
// Compose names the networks a project creates `<project>_<key>` unless they set `name:`, so the external lookup of
// the short name finds nothing (the usual shape: a reverse proxy's `web` network, joined by every app project).

import { queriesOf } from '../../model/queries';
import { defineRule, type ReportDescriptor, type WorkspaceRuleContext } from '../../model/rule';
import type { Span } from '../../core/finding';
import { isMap, isScalar, keyString, scalarString, spanOf, type Node } from '../../parsers/compose';
import { interpolate } from '../../parsers/interpolate';
import { composeProjects, serviceValue, type ComposeProject } from './_project';
import { itemsOf, textOf } from './_merge';
import { LAUNCHER_KINDS, SHARING_KINDS, projectHosts, sharesHost } from './_hosts';
import type { FileKind } from '../../core/kinds';

/** Where `docker network create` (or Ansible's docker_network) can make a network by hand. */
const SCRIPT_KINDS: FileKind[] = [...new Set<FileKind>([...LAUNCHER_KINDS, 'task-runner', 'provisioning'])];

interface Declared {
  project: ComposeProject;
  key: string;
  /** The name the network has on the engine (external: the one looked up). */
  name: string;
  external: boolean;
  /** Whether `name:` is set (a created network without it gets the project prefix). */
  named: boolean;
  /** Whether a service of the project attaches to it (Compose ignores networks no service uses). */
  used: boolean;
  file: string;
  span: Span;
}

export default defineRule({
  meta: {
    id: 'compose-external-network-prefixed',
    kinds: [...new Set<FileKind>(['compose', 'env-file', ...SHARING_KINDS, ...SCRIPT_KINDS])],
    scope: 'workspace',
    severity: 'warning',
    summary: 'An external network named as another project of the host declares it, without the project prefix Compose gives it',
    symptom: 'network web declared as external, but could not be found',
    type: 'problem',
    fix: 'none',
    messages: {
      prefixed:
        'Network "{name}" is external here, so `up` looks for a network called "{name}"; but project "{creator}" ({where}) creates it as "{created}", because Compose prefixes the networks a project creates with the project name. `up` fails with "network {name} declared as external, but could not be found". Set `name: {name}` on that network in {where}, or use "{created}" here.',
    },
  },
  check(ctx) {
    const ws = ctx.workspace;
    const q = queriesOf(ws);
    const projects = composeProjects(ws, ctx.parse);
    const perProject = q.each('rule:compose-external-network-prefixed', projects, (project) => declaredNetworks(ctx, project));
    if (!perProject.some((list) => list.some((d) => d.external && d.used))) return;
    const created = networksCreatedByScripts(ctx);
    const shares = sharesHost(ctx);
    const reports = q.get('rule:compose-external-network-prefixed:reports', [projectHosts(ctx), created, ...perProject], () => prefixedReports(perProject.flat(), created, shares));
    for (const d of reports) ctx.report(d);
  },
});

type Descriptor = ReportDescriptor & { file: string };

function declaredNetworks(ctx: WorkspaceRuleContext, project: ComposeProject): Declared[] {
  const used = new Set<string>();
  for (const svc of project.services.values()) {
    // The merged `networks:` of the service: what every file of the run attaches it to, list or mapping form.
    const v = serviceValue(ctx.workspace, ctx.parse, svc, 'networks');
    for (const k of v?.entries?.keys() ?? []) used.add(k);
    for (const it of itemsOf(v)) {
      const name = it.key ?? textOf(it);
      if (name) used.add(name);
    }
  }
  const out: Declared[] = [];
  const seen = new Set<string>();
  // The last loaded file that declares a network decides what it is (an override may make it external); files only
  // used with `-f` (variants) are alternatives and count only when nothing else declares the project.
  const loaded = project.files.filter((pf) => !project.variants.has(pf));
  for (const pf of (loaded.length ? loaded : project.files).reverse()) {
    const root = pf.model.root;
    const r = pf.resolver;
    const networks = root ? r.value(root, 'networks') : undefined;
    if (!isMap(networks)) continue;
    for (const p of r.entries(networks)) {
      const key = keyString(p);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const net = r.resolve(p.value as Node);
      const ext = isMap(net) ? r.value(net, 'external') : undefined;
      const external = !!ext && !(isScalar(ext) && (ext.value === false || ext.value === 'false' || ext.value === null));
      const nameNode = isMap(net) ? r.value(net, 'name') : undefined;
      const extName = isMap(ext) ? r.value(ext, 'name') : undefined;
      const written = isScalar(nameNode) ? nameNode : isScalar(extName) ? extName : undefined;
      let name = key;
      if (written) {
        const ip = interpolate(scalarString(written), project.lookup);
        if (ip.unresolved.length || !ip.value) continue; // a name this cannot know
        name = ip.value;
      }
      out.push({ project, key, name: external || written ? name : `${project.name}_${key}`, external, named: !!written, used: used.has(key), file: pf.file.path, span: spanOf(p.key as Node) });
    }
  }
  return out;
}

/** Words after `docker network create` in the workspace's scripts: a network made there exists under its own name. */
function networksCreatedByScripts(ctx: WorkspaceRuleContext): Set<string> {
  const lists = SCRIPT_KINDS.map((k) => ctx.files(k));
  return queriesOf(ctx.workspace).get(
    'compose:networks-created-by-scripts',
    lists,
    () => {
      const out = new Set<string>();
      for (const f of lists.flat()) {
        // Every word of the command line counts: an option value taken for a name only keeps the rule quieter.
        for (const m of f.text.matchAll(/\bdocker\s+network\s+create\b([^\n;&|]*)/g)) for (const w of m[1].trim().split(/\s+/)) out.add(w.replace(/^["']|["']$/g, ''));
        // Ansible's docker_network module.
        for (const m of f.text.matchAll(/docker_network:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*["']?([\w.-]+)/g)) out.add(m[1]);
      }
      return out;
    },
    (a, b) => a.size === b.size && [...a].every((x) => b.has(x)),
  );
}

function prefixedReports(all: Declared[], createdByScripts: Set<string>, shares: (a: ComposeProject, b: ComposeProject) => boolean): Descriptor[] {
  const out: Descriptor[] = [];
  for (const ext of all) {
    if (!ext.external || !ext.used || createdByScripts.has(ext.name)) continue;
    const onHost = all.filter((d) => !d.external && d.project !== ext.project && shares(d.project, ext.project));
    if (onHost.some((d) => d.name === ext.name)) continue; // some project creates it under that very name
    const creators = onHost.filter((d) => !d.named && d.key === ext.name);
    if (creators.length === 0) continue; // made by hand, or elsewhere: nothing to say
    const c = creators[0];
    const where = c.file.split('/').slice(-2).join('/');
    out.push({
      messageId: 'prefixed',
      data: { name: ext.name, creator: c.project.name, where, created: c.name },
      file: ext.file,
      range: ext.span,
      related: creators.map((d) => ({ file: d.file, range: d.span, message: `project "${d.project.name}" creates this network as "${d.name}"` })),
    });
  }
  return out;
}
