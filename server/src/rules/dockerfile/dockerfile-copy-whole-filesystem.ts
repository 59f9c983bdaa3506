import { defineRule } from '../../model/rule';
import { rootIsScratch } from './_stages';

export default defineRule({
  meta: {
    id: 'dockerfile-copy-whole-filesystem',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`COPY --from=<stage> / /`: the other stage\'s whole filesystem over this one',
    type: 'problem',
    fix: 'none',
    messages: {
      whole: '`COPY --from={from} / /` lays the whole filesystem of `{from}` over this stage: its /etc/passwd, package database, libraries and caches replace this stage\'s, and the image carries everything the build stage held. Copy the folders you need.',
    },
    peers: { hadolint: ['DL3067'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'COPY' || ins.args.length < 2) continue;
      const from = ins.flags.find((f) => f.name === 'from')?.value;
      if (!from) continue;
      // Only a stage of this Dockerfile with an operating system in it: an image or a scratch stage that holds a
      // few binaries (a common way to ship tools) is fine to copy whole.
      const stage = model.stages.find((st) => st.from.name === from.toLowerCase() || String(st.index) === from);
      // A stage with no RUN may be only an alias of an image that holds a few tools (`FROM tonistiigi/xx AS xx`).
      if (!stage || rootIsScratch(model, stage.index) || !stage.instructions.some((i) => i.keyword === 'RUN')) continue;
      const strip = (s: string) => s.replace(/^["']|["']$/g, '');
      const dest = strip(ins.args[ins.args.length - 1].text);
      const root = ins.args.slice(0, -1).find((a) => strip(a.text) === '/');
      if (root && dest === '/') ctx.report({ messageId: 'whole', data: { from }, range: { start: root.span.start, end: ins.args[ins.args.length - 1].span.end } });
    }
  },
});
