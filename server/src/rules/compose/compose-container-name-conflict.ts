import { queriesOf } from '../../model/queries';
import { defineRule, type ReportDescriptor, type WorkspaceRuleContext } from '../../model/rule';
import type { Span } from '../../core/finding';
import { spanOf } from '../../parsers/compose';
import { child, itemsOf, mergedRuns, textOf } from './_merge';
import { interpolate } from '../../parsers/interpolate';
import { canRunTogether, composeProjects, type ComposeProject, type ProjectService } from './_project';
import { SHARING_KINDS, projectHosts, sharesHost } from './_hosts';

interface Named {
  project: ComposeProject;
  service: string;
  svc: ProjectService;
  name: string;
  profiles: string[];
  file: string;
  span: Span;
  /** The runs of the project (its merged views) that give the service this name. */
  runs: number[];
}

export default defineRule({
  meta: {
    id: 'compose-container-name-conflict',
    kinds: ['compose', 'env-file', ...SHARING_KINDS],
    scope: 'workspace',
    severity: 'error',
    summary: 'The same container_name is used by two services, or by a service that runs several replicas',
    symptom: 'Error response from daemon: Conflict. The container name "/db" is already in use by container "...". You have to remove (or rename) that container to be able to reuse that name.',
    type: 'problem',
    fix: 'none',
    messages: {
      conflict:
        'container_name "{name}" is also used by service "{other}"{where}; container names are global on a Docker host, so the second one fails with "Conflict. The container name \\"/{name}\\" is already in use".',
      scaled: 'Service "{service}" sets container_name "{name}" and runs {replicas} replicas; Compose refuses this because container names must be unique.',
    },
  },
  check(ctx) {
    const ws = ctx.workspace;
    const q = queriesOf(ws);
    const projects = composeProjects(ws, ctx.parse);
    const perProject = q.each('rule:compose-container-name-conflict', projects, (project) => namedServices(ctx, project));
    for (const p of perProject) for (const d of p.scaled) ctx.report(d);
    const shares = sharesHost(ctx);
    const conflicts = q.get('rule:compose-container-name-conflict:conflicts', [projectHosts(ctx), ...perProject], () => conflictReports(perProject.flatMap((p) => p.named), shares));
    for (const d of conflicts) ctx.report(d);
  },
});

type Descriptor = ReportDescriptor & { file: string };

function namedServices(ctx: WorkspaceRuleContext, project: ComposeProject): { named: Named[]; scaled: Descriptor[] } {
  const named: Named[] = [];
  const scaled: Descriptor[] = [];
  const byPlace = new Map<string, Named>();
  const scaledSeen = new Set<string>();
  // Each run of the project (the default files, each `-f` file on top of them), as its files merge the services.
  mergedRuns(ctx.workspace, ctx.parse, project).forEach((run, runIndex) => {
    for (const svc of project.services.values()) {
      const root = run.services.get(svc.name)?.root;
      // The merged value: an override's container_name wins, `!reset` removes it.
      const v = child(root, 'container_name');
      const written = textOf(v);
      if (!v || written === undefined) continue;
      const ip = interpolate(written, project.lookup);
      if (ip.unresolved.length || !ip.value) continue;
      const profiles = itemsOf(child(root, 'profiles'))
        .map(textOf)
        .filter((x): x is string => x !== undefined);
      const file = v.pf.file.path;
      const span = spanOf(v.node);
      const place = `${svc.name}|${file}|${span.start}|${profiles.join(',')}`;
      const known = byPlace.get(place);
      if (known) known.runs.push(runIndex);
      else {
        const n: Named = { project, service: svc.name, svc, name: ip.value, profiles, file, span, runs: [runIndex] };
        byPlace.set(place, n);
        named.push(n);
      }
      const replicas = Number(textOf(child(root, 'scale')) ?? textOf(child(root, 'deploy', 'replicas')) ?? '1');
      if (Number.isInteger(replicas) && replicas > 1 && !scaledSeen.has(`${place}|${replicas}`)) {
        scaledSeen.add(`${place}|${replicas}`);
        scaled.push({ messageId: 'scaled', data: { service: svc.name, name: ip.value, replicas }, file, range: span });
      }
    }
  });
  return { named, scaled };
}

function conflictReports(all: Named[], shares: (a: ComposeProject, b: ComposeProject) => boolean): Descriptor[] {
  const out: Descriptor[] = [];
  const byName = new Map<string, Named[]>();
  for (const n of all) byName.set(n.name, [...(byName.get(n.name) ?? []), n]);
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    for (const a of list) {
      const others = list.filter((b) => {
        if (b === a) return false;
        if (b.project !== a.project) return shares(a.project, b.project); // projects on other hosts: other engines
        return canRunTogether(a.profiles, b.profiles) && a.runs.some((r) => b.runs.includes(r)); // not only in two alternative -f files
      });
      if (others.length === 0) continue;
      const b = others[0];
      const sameProject = others.every((o) => o.project === a.project);
      const where = b.project === a.project ? (b.file === a.file ? '' : ` in ${b.file.split('/').slice(-2).join('/')}`) : ` of project "${b.project.name}" (${b.file.split('/').slice(-3).join('/')})`;
      out.push({
        messageId: 'conflict',
        data: { name, other: b.service, where },
        file: a.file,
        range: a.span,
        // Within one project `up` fails for sure; across projects only when both run on one engine.
        severity: sameProject ? 'error' : 'warning',
        related: others.map((o) => ({ file: o.file, range: o.span, message: `service "${o.service}" also uses container_name "${name}"` })),
      });
    }
  }
  return out;
}
