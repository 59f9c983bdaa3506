import { defineRule } from '../../engine/rule';
import { SHM_HUNGRY_IMAGES, imageName } from '../../knowledge/compose-images';
import { Resolver, isMap, isScalar, isSeq, scalarString, spanOf } from '../../parsers/compose';
import { appendToBlockMap } from './_edit';

export default defineRule({
  meta: {
    id: 'compose-shm-size',
    kinds: ['compose'],
    scope: 'file',
    severity: 'info',
    summary: 'Image known to need a large /dev/shm runs with the 64 MB default',
    symptom: 'Bus error (core dumped); "session deleted because of page crash"; "No space left on device" under /dev/shm',
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      small: '{what} uses /dev/shm heavily and the container gets only 64 MB by default: {symptom}. Set `shm_size` (e.g. "2gb") or `ipc: host`.',
    },
  },
  check(ctx) {
    const model = ctx.parse('compose');
    const r = new Resolver(model.doc);
    for (const s of model.services) {
      if (!s.node) continue;
      const image = r.value(s.node, 'image');
      if (!isScalar(image) || typeof image.value !== 'string') continue;
      const name = imageName(image.value);
      const known = SHM_HUNGRY_IMAGES.find((k) => k.pattern.test(name));
      if (!known) continue;
      if (r.value(s.node, 'shm_size') !== undefined) continue;
      const ipc = r.str(s.node, 'ipc');
      if (ipc && ipc !== 'private' && ipc !== 'none') continue; // host, shareable, service:x share a bigger segment
      if (mountsDevShm(r, s.node)) continue;
      if (r.value(s.node, 'extends') !== undefined) continue; // the base service may set it
      const edit = appendToBlockMap(ctx.file.path, ctx.file.text, s.node, ['shm_size: "2gb"']);
      ctx.report({
        messageId: 'small',
        data: { what: known.what, symptom: known.symptom },
        range: spanOf(image),
        fixes: edit ? [{ title: 'Add `shm_size: "2gb"`', safety: 'unsafe', edits: [edit] }] : undefined,
      });
    }
  },
});

function mountsDevShm(r: Resolver, svc: import('../../parsers/compose').YAMLMap): boolean {
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
