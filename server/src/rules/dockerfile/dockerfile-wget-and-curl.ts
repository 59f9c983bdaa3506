import { defineRule } from '../../model/rule';
import { hostOf, runCommands } from './_run';

export default defineRule({
  meta: {
    id: 'dockerfile-wget-and-curl',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'hint',
    summary: 'one stage downloads with both wget and curl: two HTTP clients and their libraries where one would do',
    symptom: 'a larger image, and two tools whose TLS and proxy settings must both be kept right',
    type: 'suggestion',
    fix: 'none',
    messages: {
      both: 'This stage already downloads with `{first}`; `{second}` here means the image carries two HTTP clients (and their TLS libraries), each with its own proxy, retry and certificate settings. Use one of them throughout.',
    },
    peers: { hadolint: ['DL4001'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    const first = new Map<number, string>();
    const reported = new Set<number>();
    for (const rc of runCommands(ctx.workspace, model)) {
      if (rc.name !== 'wget' && rc.name !== 'curl') continue;
      const stage = rc.run.stage;
      const seen = first.get(stage);
      if (seen === undefined) first.set(stage, rc.name);
      else if (seen !== rc.name && !reported.has(stage)) {
        reported.add(stage);
        ctx.report({ messageId: 'both', data: { first: seen, second: rc.name }, range: hostOf(rc.script, rc.words[0].span) });
      }
    }
  },
});
