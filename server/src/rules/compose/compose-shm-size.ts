import { defineRule, type ReportDescriptor, type SourceFile, type WorkspaceRuleContext } from '../../model/rule';
import { queriesOf } from '../../model/queries';
import { SHM_HUNGRY_IMAGES, imageName, type ShmHungryImage } from '../../knowledge/compose-images';
import { spanOf, type Node } from '../../parsers/compose';
import { parseDockerfile, type DockerfileModel } from '../../parsers/dockerfile';
import { appendToBlockMap } from './_edit';
import { composeProjects, joinPath, type ComposeProject, type ProjectFile } from './_project';
import { itemsOf, mergedRuns, onceEach, textOf, type Merged, type MergedService } from './_merge';

export default defineRule({
  meta: {
    id: 'compose-shm-size',
    // Dockerfiles too: a service built from one is re-checked when its final FROM changes.
    kinds: ['compose', 'dockerfile'],
    scope: 'workspace',
    severity: 'info',
    summary: 'Image known to need a large /dev/shm (PostgreSQL, PyTorch, browsers) runs with the 64 MB default',
    symptom: 'could not resize shared memory segment "/PostgreSQL.…" to … bytes: No space left on device; Bus error (core dumped); "session deleted because of page crash"',
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      small: '{what} uses /dev/shm heavily and the container gets only 64 MB by default: {symptom}. Set `shm_size` (e.g. "2gb") or `ipc: host`.',
      built: 'This builds {dockerfile}, whose final image is {base}: {what} uses /dev/shm heavily and the container gets only 64 MB by default: {symptom}. Set `shm_size` (e.g. "2gb") or `ipc: host`.',
    },
  },
  check(ctx) {
    // Each project's reports are kept until a file of it changes, or one of the Dockerfiles its builds start from
    // (a build may start FROM an shm-hungry image): an edit of another Dockerfile re-checks no project.
    const q = queriesOf(ctx.workspace);
    for (const project of composeProjects(ctx.workspace, ctx.parse)) {
      const last = q.derive('rule:compose-shm-size', project, (): ProjectReports => ({ reports: [], read: [], files: [] }));
      const fresh = last.options === ctx.options && last.read.every((p, i) => ctx.workspace.get(p) === last.files[i]);
      if (!fresh) {
        const read: string[] = [];
        const reports: ProjectReports['reports'] = [];
        checkProject({ ...ctx, report: (d) => reports.push(d) }, project, read);
        Object.assign(last, { options: ctx.options, reports, read, files: read.map((p) => ctx.workspace.get(p)) });
      }
      for (const d of last.reports) ctx.report(d);
    }
  },
});

/** A project's reports, with the Dockerfiles they were worked out from (and the workspace's files at those paths then). */
interface ProjectReports {
  options?: unknown;
  reports: (ReportDescriptor & { file: string })[];
  read: string[];
  files: (SourceFile | undefined)[];
}

/**
 * Each service as each run of the project merges it: an override's `shm_size`, `ipc` or mount counts, and so does its
 * image; two alternative `-f` files are two runs.
 */
function checkProject(ctx: WorkspaceRuleContext, project: ComposeProject, read: string[]): void {
  const report = onceEach(ctx.report);
  for (const run of mergedRuns(ctx.workspace, ctx.parse, project)) for (const [name, ms] of run.services) checkService(report, ctx, project, name, ms, read);
}

function checkService(report: WorkspaceRuleContext['report'], ctx: WorkspaceRuleContext, project: ComposeProject, name: string, ms: MergedService, read: string[]): void {
  const svc = ms.root;
  if (!svc || ms.unresolvedExtends) return; // a base outside the workspace may set it
  const get = (k: string) => svc.entries?.get(k);
  if (get('shm_size') !== undefined) return;
  const ipc = textOf(get('ipc'));
  if (ipc && ipc !== 'private' && ipc !== 'none') return; // host, shareable, service:x share a bigger segment
  if (mountsDevShm(get('volumes'), get('tmpfs'))) return;
  const found = fromImage(get('image')) ?? fromBuild(ctx, get('build'), read);
  if (!found) return;
  // The fix goes into the service's definition in the file that names the image.
  const def = project.services.get(name)?.defs.find((d) => d.pf.file === found.pf.file)?.svc.node;
  const file = found.pf.file;
  const edit = def && appendToBlockMap(file.path, file.text, def, ['shm_size: "2gb"']);
  report({
    messageId: found.dockerfile ? 'built' : 'small',
    data: { what: found.known.what, symptom: found.known.symptom, dockerfile: found.dockerfile ?? '', base: found.base ?? '' },
    file: file.path,
    range: spanOf(found.node),
    fixes: edit ? [{ title: 'Add `shm_size: "2gb"`', safety: 'unsafe', edits: [edit] }] : undefined,
  });
}

interface Found {
  known: ShmHungryImage;
  node: Node;
  pf: ProjectFile;
  dockerfile?: string;
  base?: string;
}

function fromImage(image: Merged | undefined): Found | undefined {
  const ref = textOf(image);
  if (!image || ref === undefined) return undefined;
  const known = knownImage(ref);
  return known && { known, node: image.node, pf: image.pf };
}

function knownImage(ref: string): ShmHungryImage | undefined {
  const name = imageName(ref);
  return SHM_HUNGRY_IMAGES.find((k) => k.pattern.test(name));
}

/**
 * A service built from a local Dockerfile (or `dockerfile_inline`) whose final stage starts from a known image. The
 * image named by `image:` wins when it is itself known; a remote or interpolated context is not followed.
 */
function fromBuild(ctx: WorkspaceRuleContext, build: Merged | undefined, read: string[]): Found | undefined {
  if (!build?.entries) return undefined;
  const e = (k: string) => build.entries!.get(k);
  const context = textOf(e('context')) ?? '.';
  const dockerfile = textOf(e('dockerfile')) ?? 'Dockerfile';
  const inline = textOf(e('dockerfile_inline'));
  const target = textOf(e('target'));
  // The value that names the Dockerfile: `dockerfile:`, else `context:`, else the `dockerfile_inline` key.
  const at = inline !== undefined ? { node: e('dockerfile_inline')!.keyNode, pf: e('dockerfile_inline')!.pf } : (e('dockerfile') ?? e('context') ?? build);
  const node = at.node;
  // A relative context is read from the folder of the file that sets it.
  const dir = (e('context') ?? build).pf.model.dir;
  if (!node || context.includes('$') || dockerfile.includes('$') || /^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(#|$)/i.test(context)) return undefined;
  let text = inline;
  let shown = 'an inline Dockerfile';
  if (text === undefined) {
    const path = dockerfile.startsWith('/') ? dockerfile : joinPath(joinPath(dir, context), dockerfile);
    read.push(path);
    const linted = ctx.workspace.get(path);
    text = linted ? linted.text : ctx.workspace.fs.readText(path);
    shown = dockerfile === 'Dockerfile' ? `${context.replace(/\/+$/, '')}/Dockerfile` : dockerfile;
  }
  if (text === undefined) return undefined;
  const base = finalBase(parseDockerfile(text), target);
  const known = base ? knownImage(base) : undefined;
  return known && base ? { known, node, pf: at.pf, dockerfile: shown, base } : undefined;
}

/** The image the final stage (or the named target stage) starts from, followed through earlier stages. */
function finalBase(df: DockerfileModel, target: string | undefined): string | undefined {
  if (!df.dockerfileSyntax || df.stages.length === 0) return undefined;
  let i: number | undefined = target ? df.stages.findIndex((s) => s.from.name?.toLowerCase() === target.toLowerCase()) : df.stages.length - 1;
  const seen = new Set<number>();
  while (i !== undefined && i >= 0 && !seen.has(i)) {
    seen.add(i);
    const from: DockerfileModel['stages'][number]['from'] = df.stages[i].from;
    if (from.baseStage === undefined) return from.resolved && !from.resolved.includes('$') ? from.resolved : undefined;
    i = from.baseStage;
  }
  return undefined;
}

function mountsDevShm(volumes: Merged | undefined, tmpfs: Merged | undefined): boolean {
  const targets: string[] = [];
  for (const v of itemsOf(volumes)) targets.push(v.entries ? (textOf(v.entries.get('target')) ?? '') : (textOf(v)?.split(':')[1] ?? ''));
  for (const t of itemsOf(tmpfs)) targets.push(textOf(t)?.split(':')[0] ?? '');
  return targets.some((t) => t.replace(/\/+$/, '') === '/dev/shm');
}
