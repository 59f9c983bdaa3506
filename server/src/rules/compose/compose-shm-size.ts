import { defineRule, type ReportDescriptor, type WorkspaceRuleContext, type SourceFile } from '../../model/rule';
import { queriesOf } from '../../model/queries';
import { SHM_HUNGRY_IMAGES, imageName, type ShmHungryImage } from '../../knowledge/compose-images';
import { Resolver, isMap, isScalar, isSeq, scalarString, spanOf, type Node, type YAMLMap } from '../../parsers/compose';
import { parseDockerfile, type DockerfileModel } from '../../parsers/dockerfile';
import { appendToBlockMap } from './_edit';
import { joinPath } from './_project';

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
    // Each file's reports are kept until it or a Dockerfile changes (a build may start FROM an shm-hungry image).
    const perFile = queriesOf(ctx.workspace).table('rule:compose-shm-size');
    const dockerfiles = ctx.files('dockerfile');
    for (const file of ctx.files('compose')) {
      const reports = perFile.get(file.path, [file, ctx.options, dockerfiles], () => {
        const out: (ReportDescriptor & { file: string })[] = [];
        checkFile({ ...ctx, report: (d) => out.push(d) }, file);
        return out;
      });
      for (const d of reports) ctx.report(d);
    }
  },
});

function checkFile(ctx: WorkspaceRuleContext, file: SourceFile): void {
  const model = ctx.parse('compose', file);
  const r = new Resolver(model.doc);
  for (const s of model.services) {
    if (!s.node) continue;
    if (r.value(s.node, 'shm_size') !== undefined) continue;
    const ipc = r.str(s.node, 'ipc');
    if (ipc && ipc !== 'private' && ipc !== 'none') continue; // host, shareable, service:x share a bigger segment
    if (mountsDevShm(r, s.node)) continue;
    if (r.value(s.node, 'extends') !== undefined) continue; // the base service may set it
    const found = fromImage(r, s.node) ?? fromBuild(ctx, r, s.node, model.dir);
    if (!found) continue;
    const edit = appendToBlockMap(file.path, file.text, s.node, ['shm_size: "2gb"']);
    ctx.report({
      messageId: found.dockerfile ? 'built' : 'small',
      data: { what: found.known.what, symptom: found.known.symptom, dockerfile: found.dockerfile ?? '', base: found.base ?? '' },
      file: file.path,
      range: spanOf(found.node),
      fixes: edit ? [{ title: 'Add `shm_size: "2gb"`', safety: 'unsafe', edits: [edit] }] : undefined,
    });
  }
}

interface Found {
  known: ShmHungryImage;
  node: Node;
  dockerfile?: string;
  base?: string;
}

function fromImage(r: Resolver, svc: YAMLMap): Found | undefined {
  const image = r.value(svc, 'image');
  if (!isScalar(image) || typeof image.value !== 'string') return undefined;
  const known = knownImage(image.value);
  return known && { known, node: image };
}

function knownImage(ref: string): ShmHungryImage | undefined {
  const name = imageName(ref);
  return SHM_HUNGRY_IMAGES.find((k) => k.pattern.test(name));
}

/**
 * A service built from a local Dockerfile (or `dockerfile_inline`) whose final stage starts from a known image. The
 * image named by `image:` wins when it is itself known; a remote or interpolated context is not followed.
 */
function fromBuild(ctx: WorkspaceRuleContext, r: Resolver, svc: YAMLMap, dir: string): Found | undefined {
  const build = r.value(svc, 'build');
  let context: string | undefined;
  let dockerfile = 'Dockerfile';
  let node: Node | undefined = build;
  let inline: string | undefined;
  let target: string | undefined;
  if (isScalar(build) && typeof build.value === 'string') context = build.value;
  else if (isMap(build)) {
    context = r.str(build, 'context') ?? '.';
    dockerfile = r.str(build, 'dockerfile') ?? dockerfile;
    inline = r.str(build, 'dockerfile_inline');
    target = r.str(build, 'target');
    // The value that names the Dockerfile: `dockerfile:`, else `context:`, else the `dockerfile_inline` key.
    const inlineKey = r.get(build, 'dockerfile_inline')?.key as Node | undefined;
    node = (inline !== undefined ? inlineKey : r.value(build, 'dockerfile') ?? r.value(build, 'context')) ?? build;
  } else return undefined;
  if (!node || context === undefined || context.includes('$') || dockerfile.includes('$') || /^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(#|$)/i.test(context)) return undefined;
  let text = inline;
  let shown = 'an inline Dockerfile';
  if (text === undefined) {
    const path = dockerfile.startsWith('/') ? dockerfile : joinPath(joinPath(dir, context), dockerfile);
    const linted = ctx.workspace.get(path);
    text = linted ? linted.text : ctx.workspace.fs.readText(path);
    shown = dockerfile === 'Dockerfile' ? `${context.replace(/\/+$/, '')}/Dockerfile` : dockerfile;
  }
  if (text === undefined) return undefined;
  const base = finalBase(parseDockerfile(text), target);
  const known = base ? knownImage(base) : undefined;
  return known && base ? { known, node, dockerfile: shown, base } : undefined;
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

function mountsDevShm(r: Resolver, svc: YAMLMap): boolean {
  const vols = r.value(svc, 'volumes');
  const tmpfs = r.value(svc, 'tmpfs');
  const targets: string[] = [];
  if (isSeq(vols)) {
    for (const v of r.items(vols)) {
      if (isScalar(v)) targets.push(scalarString(v).split(':')[1] ?? '');
      else if (isMap(v)) targets.push(r.str(v, 'target') ?? '');
    }
  }
  if (isScalar(tmpfs)) targets.push(scalarString(tmpfs).split(':')[0]);
  else if (isSeq(tmpfs)) for (const t of r.items(tmpfs)) if (isScalar(t)) targets.push(scalarString(t).split(':')[0]);
  return targets.some((t) => t.replace(/\/+$/, '') === '/dev/shm');
}
