import { defineRule, type ReportDescriptor, type WorkspaceRuleContext } from '../../model/rule';
import { queriesOf } from '../../model/queries';
import type { Span } from '../../core/finding';
import { keyString, spanOf, type Node } from '../../parsers/compose';
import { basename, composeProjects, dirname, normalizeProjectName, type ComposeProject } from './_project';
import { SHARING_KINDS, projectHosts, sharesHost } from './_hosts';

export default defineRule({
  meta: {
    id: 'compose-project-name-collision',
    kinds: ['compose', 'env-file', ...SHARING_KINDS],
    scope: 'workspace',
    // Compose accepts both files and runs them; the harm is what `up` then does to the other project.
    severity: 'warning',
    summary: 'Two compose projects in different folders end up with the same project name',
    symptom: '`docker compose up` in one folder recreates or removes the other folder\'s containers ("Found orphan containers")',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      collision:
        'This project is named "{name}" ({how}), like the project in {other}; Compose tells projects apart only by name, so `up` or `down` here recreates or removes that project\'s containers, networks and volumes. Give each a distinct top-level `name:`.',
    },
  },
  check(ctx) {
    const projects = composeProjects(ctx.workspace, ctx.parse);
    // Worked out again only when a project or the hosts they run on changed (not for a daemon.json edit).
    const q = queriesOf(ctx.workspace);
    const hosts = projectHosts(ctx);
    const reports = q.get('rule:compose-project-name-collision', [projects, hosts, ctx.options], () => {
      const out: (ReportDescriptor & { file: string })[] = [];
      // Each name's projects, worked out again only when one of them changed: an edit touches one name.
      const perName = q.table('rule:compose-project-name-collision:name');
      const byName = projectsByName(projects);
      perName.prune((n) => byName.has(n)); // names no longer shared
      for (const [name, list] of byName) {
        const found = perName.get(name, [hosts, ctx.options, ...list], () => {
          const mine: (ReportDescriptor & { file: string })[] = [];
          collisions({ ...ctx, report: (d) => mine.push(d) }, name, list);
          return mine;
        });
        for (const d of found) out.push(d);
      }
      return out;
    });
    for (const d of reports) ctx.report(d);
  },
});

/** Projects with services by name, names shared by two or more only. */
function projectsByName(projects: ComposeProject[]): Map<string, ComposeProject[]> {
  const byName = new Map<string, ComposeProject[]>();
  for (const p of projects) {
    if (!p.name || p.services.size === 0) continue;
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }
  for (const [name, list] of byName) if (list.length < 2) byName.delete(name);
  return byName;
}

function collisions(ctx: WorkspaceRuleContext, name: string, list: ComposeProject[]): void {
  const shares = sharesHost(ctx);
  const anchors = list.map((p) => ({ p, ...anchor(p) }));
  for (const a of anchors) {
    // Project names clash only on one engine: projects not known to share a host never meet.
    const others = anchors.filter((o) => o !== a && shares(a.p, o.p));
    if (others.length === 0) continue;
    const how = a.p.nameSource === 'flag' ? 'set by `-p`' : a.p.nameSource === 'name' ? 'set by `name:`' : a.p.nameSource === 'env' ? 'COMPOSE_PROJECT_NAME in .env' : `from the folder name "${basename(a.p.dir)}"`;
    const file = a.p.files[0].file;
    const fixes =
      a.p.nameSource === 'folder'
        ? [
            {
              title: `Add \`name: ${suggestName(a.p)}\``,
              safety: 'unsafe' as const,
              edits: [{ file: file.path, range: { start: a.insertAt, end: a.insertAt }, newText: `name: ${suggestName(a.p)}\n` }],
            },
          ]
        : undefined;
    ctx.report({
      messageId: 'collision',
      data: { name, how, other: others.map((o) => relativeTo(a.p.dir, o.p.files[0].file.path)).join(', ') },
      file: file.path,
      range: a.span,
      related: others.map((o) => ({ file: o.p.files[0].file.path, range: o.span, message: `this project is also named "${name}"` })),
      fixes,
    });
  }
}

/** Where to point: the `name:` value when set, else the first top-level key (`services`). */
function anchor(p: ComposeProject): { span: Span; insertAt: number } {
  const pf = p.files[0];
  const root = pf.model.root;
  const first = root?.items[0];
  const insertAt = first ? spanOf(first.key as Node).start : 0;
  if (p.nameAt && p.nameAt.pf === pf) return { span: p.nameAt.span, insertAt };
  const services = root?.items.find((it) => keyString(it) === 'services');
  const k = services ?? first;
  return { span: k ? spanOf(k.key as Node) : { start: 0, end: 0 }, insertAt };
}

function suggestName(p: ComposeProject): string {
  const parent = basename(dirname(p.dir));
  const n = normalizeProjectName(`${parent}-${basename(p.dir)}`);
  return n || normalizeProjectName(basename(p.dir)) + '-2';
}

function relativeTo(fromDir: string, to: string): string {
  const a = fromDir.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
