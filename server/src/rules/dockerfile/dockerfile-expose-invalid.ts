import { defineRule } from '../../model/rule';
import { argumentWords } from './_kv';

export default defineRule({
  meta: {
    id: 'dockerfile-expose-invalid',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`EXPOSE` with a host address or host port, a port above 65535, or an upper-case protocol',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      mapping: '`EXPOSE {value}` names a host {what}: EXPOSE only documents a container port and never publishes one, so the host part is dropped (and a future builder rejects it). Write `EXPOSE {port}` and publish with `docker run -p {value}`.',
      range: '`EXPOSE {value}`: {port} is not a port (ports run from 0 to 65535), and the builder stops with `invalid containerPort: {portPart}`. Fix the number.',
      protoCase: 'Protocol `{proto}` in `EXPOSE {value}` should be lower-case: `{lower}`.',
      proto: '`{proto}` in `EXPOSE {value}` is not a protocol: the builder stops with `invalid proto: {proto}`. Use `tcp`, `udp` or `sctp`.',
    },
    peers: { hadolint: ['DL3011'], buildkit: ['ExposeInvalidFormat', 'ExposeProtoCasing'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const file = ctx.file.path;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'EXPOSE') continue;
      for (const w of argumentWords(ctx.file.text, model, ins)) {
        const value = w.value;
        if (value.includes('$')) continue;
        const slash = value.lastIndexOf('/');
        const portPart = slash < 0 ? value : value.slice(0, slash);
        const proto = slash < 0 ? '' : value.slice(slash + 1);
        const lastColon = portPart.lastIndexOf(':');
        if (lastColon >= 0) {
          const port = portPart.slice(lastColon + 1) + (proto ? `/${proto.toLowerCase()}` : '');
          const what = portPart.split(':').length > 2 || /[.\[]/.test(portPart.slice(0, lastColon)) ? 'address and port' : 'port';
          const fixes = /^\d+(-\d+)?$/.test(portPart.slice(lastColon + 1)) && w.raw === value ? [{ title: `Write EXPOSE ${port}`, safety: 'unsafe' as const, edits: [{ file, range: w.span, newText: port }] }] : [];
          ctx.report({ messageId: 'mapping', data: { value, what, port }, range: w.span, fixes });
          continue;
        }
        const nums = portPart.split('-');
        const bad = nums.find((n) => /^\d+$/.test(n) && Number(n) > 65535);
        if (bad) {
          ctx.report({ messageId: 'range', data: { value, port: bad, portPart }, range: w.span, severity: 'error' });
          continue;
        }
        if (!proto) continue;
        const lower = proto.toLowerCase();
        if (!['tcp', 'udp', 'sctp'].includes(lower)) {
          ctx.report({ messageId: 'proto', data: { value, proto }, range: { start: w.span.end - proto.length, end: w.span.end }, severity: 'error' });
        } else if (lower !== proto && w.raw === value) {
          const range = { start: w.span.end - proto.length, end: w.span.end };
          ctx.report({ messageId: 'protoCase', data: { value, proto, lower }, range, severity: 'info', fixes: [{ title: `Write ${lower}`, safety: 'safe', edits: [{ file, range, newText: lower }] }] });
        }
      }
    }
  },
});
