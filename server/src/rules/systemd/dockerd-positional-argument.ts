import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { dockerdSites } from './_shared';

// dockerd's command (cobra, cli.NoArgs) takes flags only: any other word on its command line stops it before it
// reads its configuration, with `"dockerd" accepts no arguments.`. The usual ones: `daemon` left over from
// `docker daemon`, and an address written without its `-H`.

const ADDRESS = /^(unix|tcp|fd|npipe|ssh):\/\//;

export default defineRule({
  meta: {
    id: 'dockerd-positional-argument',
    kinds: ['systemd-unit', 'sysconfig-env'],
    scope: 'workspace',
    severity: 'error',
    summary: 'A word on the dockerd command line that is neither a flag nor a flag\'s value (`dockerd daemon`, a bare `unix://…`)',
    symptom: '"dockerd" accepts no arguments.',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      daemon: '"daemon" is left over from the old `docker daemon` command: dockerd takes no positional argument and exits at start: "dockerd" accepts no arguments. Delete it.',
      address: '"{word}" is an address without its -H: dockerd takes no positional argument and exits at start: "dockerd" accepts no arguments. Write -H {word}.',
      other: '"{word}" is not a flag nor the value of one: dockerd takes no positional argument and exits at start: "dockerd" accepts no arguments.',
    },
  },
  check(ctx) {
    for (const site of dockerdSites(ctx.workspace)) {
      for (const w of site.positional) {
        const range = { start: w.offsets[0], end: w.offsets[w.text.length - 1] + 1 };
        const file = w.file.path;
        // Whole words of the file only: a word pieced together from a variable is not edited.
        const plain = w.file.text.slice(range.start, range.end) === w.text;
        const fixes: Fix[] = [];
        if (w.text === 'daemon') {
          if (plain) fixes.push({ title: 'Delete "daemon"', safety: 'safe', edits: [{ file, range: { start: range.start, end: w.file.text[range.end] === ' ' ? range.end + 1 : range.end }, newText: '' }] });
          ctx.report({ messageId: 'daemon', file, range, fixes });
        } else if (ADDRESS.test(w.text)) {
          // Listening on an address dockerd did not listen on before changes who can reach it: unsafe.
          if (plain) fixes.push({ title: `Write -H ${w.text}`, safety: 'unsafe', edits: [{ file, range: { start: range.start, end: range.start }, newText: '-H ' }] });
          ctx.report({ messageId: 'address', data: { word: w.text }, file, range, fixes });
        } else {
          ctx.report({ messageId: 'other', data: { word: w.text }, file, range });
        }
      }
    }
  },
});
