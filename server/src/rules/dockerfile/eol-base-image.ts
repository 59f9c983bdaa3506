import { defineRule } from '../../model/rule';
import { DISTRO_SUFFIXES, EOL_IMAGES, type EolRelease } from '../../knowledge/eol-images';
import { parseImageRef } from './_image';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The releases a repository:tag is built on that the table knows: the image's own, then the distribution under it. */
export function releasesOf(repository: string, tag: string): EolRelease[] {
  const out: EolRelease[] = [];
  for (const img of EOL_IMAGES) {
    if (!img.repositories.includes(repository)) continue;
    const t = img.tags.find((x) => x.pattern.test(tag));
    if (t) out.push(t.release);
  }
  // Official images name their distribution in the tag: python:3.12-slim-buster, node:22-alpine3.17.
  if (!repository.includes('/')) {
    for (const s of DISTRO_SUFFIXES) {
      const m = s.pattern.exec(tag);
      const r = m ? s.release(m) : undefined;
      if (r) out.push(r);
    }
  }
  return out;
}

/** The first release under repository:tag that is past end of life on `day` (YYYY-MM-DD). */
export function eolReleaseOf(repository: string, tag: string, day = today()): EolRelease | undefined {
  return releasesOf(repository, tag).find((r) => r.eol <= day);
}

export default defineRule({
  meta: {
    id: 'eol-base-image',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'FROM an image whose distribution or runtime is past end of life',
    symptom: 'Cannot find a valid baseurl for repo: base/7/x86_64',
    type: 'problem',
    fix: 'none',
    messages: {
      eol: '`{image}` is {label}, past end of life since {eol}: {consequence}. Move to a supported release.',
      eolVia: '`{written}` resolves to `{image}`, which is {label}, past end of life since {eol}: {consequence}. Move to a supported release.',
    },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    let now: string | undefined; // asked of the clock only for an image the table knows
    for (const stage of model.stages) {
      const { image, resolved, baseStage } = stage.from;
      if (!image || resolved === undefined || baseStage !== undefined) continue;
      const ref = parseImageRef(resolved);
      if (!ref || ref.repository === 'scratch' || !ref.tag) continue;
      const releases = releasesOf(ref.repository, ref.tag);
      if (releases.length === 0) continue;
      const day = (now ??= today());
      const release = releases.find((r) => r.eol <= day);
      if (!release) continue;
      const data = { image: resolved, written: image.text.replace(/\$\{(\w+)\}/g, '$$$1'), label: release.label, eol: release.eol, consequence: release.consequence };
      ctx.report({ messageId: resolved === image.text ? 'eol' : 'eolVia', data, range: image.span });
    }
  },
});
