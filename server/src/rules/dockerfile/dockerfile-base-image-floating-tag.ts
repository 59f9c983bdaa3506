import { defineRule } from '../../model/rule';
import { OFFICIAL_IMAGES } from '../../knowledge/official-images';
import { parseImageRef } from './_image';

/** Tags that move from one release to the next. */
const MOVING = new Set(['latest', 'stable', 'edge', 'rolling', 'rawhide', 'testing', 'unstable', 'sid', 'devel', 'nightly', 'lts', 'current']);

export default defineRule({
  meta: {
    id: 'dockerfile-base-image-floating-tag',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'FROM an image with no tag or a moving tag such as `latest`: a rebuild can start from a new major release',
    symptom: 'a Dockerfile that built yesterday fails today: "E: Unable to locate package", "error: externally-managed-environment", a changed libc',
    type: 'problem',
    fix: 'none',
    messages: {
      untagged: '`{image}` has no tag, so it means `{image}:latest`, which moves to each new release: a rebuild without any change to this file can start from a new major version (new libc, renamed packages, "error: externally-managed-environment"). Name a release tag, such as `{example}`.',
      moving: '`{image}` names the moving `{tag}` tag, which follows each new release: a rebuild without any change to this file can start from a new major version (new libc, renamed packages, "error: externally-managed-environment"). Name a release tag, such as `{example}`.',
    },
    peers: { hadolint: ['DL3006', 'DL3007'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const stage of model.stages) {
      const from = stage.from;
      if (!from.image || from.baseStage !== undefined || !from.resolved) continue;
      const ref = parseImageRef(from.resolved);
      if (!ref || ref.digest || ref.repository === 'scratch') continue;
      const written = from.resolved.lastIndexOf(':') > from.resolved.lastIndexOf('/');
      if (written && !MOVING.has(ref.tag)) continue;
      // A one-word name that Docker Hub does not serve is an image built locally just before (a test harness's base).
      if (!ref.repository.includes('/') && !OFFICIAL_IMAGES.has(ref.repository)) continue;
      const name = written ? from.resolved.slice(0, from.resolved.lastIndexOf(':')) : from.resolved;
      const example = `${name}:${EXAMPLES[ref.repository] ?? '<version>'}`;
      ctx.report({ messageId: written ? 'moving' : 'untagged', data: { image: from.resolved, tag: ref.tag, example }, range: from.image.span });
    }
  },
});

/** A release tag to show in the message for the images most often written without one. */
const EXAMPLES: Record<string, string> = {
  ubuntu: '24.04',
  debian: 'bookworm-slim',
  alpine: '3.20',
  node: '22-bookworm-slim',
  python: '3.12-slim-bookworm',
  golang: '1.23-bookworm',
  nginx: '1.27-alpine',
  centos: 'stream9',
  fedora: '41',
  redis: '7.4',
  postgres: '17',
};
