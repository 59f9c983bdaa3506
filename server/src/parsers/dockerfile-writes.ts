// Files a Dockerfile writes in its own syntax: `COPY <<EOF /etc/docker/daemon.json` (BuildKit heredocs). RUN
// heredocs are shell and are read with the other scripts. In an unquoted COPY heredoc the builder expands build
// arguments (`$VAR`, `${VAR}`): those are unknown values.

import { classifyPath } from './classify';
import { WRITTEN_KINDS, type WrittenText } from '../core/embedded-files';
import type { Span } from '../core/finding';
import type { SourceFile } from '../core/source';

const COPY_HEREDOC = /^[ \t]*(?:COPY|ADD)[ \t]+(?:--\S+[ \t]+)*<<(-?)(["']?)([A-Za-z0-9_.-]+)\2[ \t]+(\S+)[ \t]*\r?$/gim;

export function dockerfileWrites(file: SourceFile): WrittenText[] {
  const text = file.text;
  const out: WrittenText[] = [];
  COPY_HEREDOC.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COPY_HEREDOC.exec(text))) {
    const [, dash, quote, delimiter, dest] = m;
    const writtenPath = dest.endsWith('/') ? dest + delimiter : dest;
    const kind = classifyPath(writtenPath);
    if (kind === undefined || kind === 'sniff' || !WRITTEN_KINDS.has(kind)) continue;
    let i = text.indexOf('\n', m.index);
    if (i < 0) break;
    i++;
    const chars: string[] = [];
    const offs: number[] = [];
    const unknown: Span[] = [];
    let end = text.length;
    while (i < text.length) {
      let e = text.indexOf('\n', i);
      if (e < 0) e = text.length;
      let line = text.slice(i, e).replace(/\r$/, '');
      let s = i;
      if (dash) while (line.startsWith('\t')) (line = line.slice(1)), s++;
      if (line === delimiter) {
        end = i;
        break;
      }
      for (let k = s; k < Math.min(e + 1, text.length); k++) {
        if (!quote && text[k] === '$' && /[A-Za-z_{]/.test(text[k + 1] ?? '')) {
          const close = text[k + 1] === '{' ? text.indexOf('}', k) : -1;
          let stop = close > 0 && close < e ? close + 1 : k + 1;
          if (close < 0) while (stop < e && /[A-Za-z0-9_]/.test(text[stop])) stop++;
          const u = chars.length;
          for (; k < stop; k++) (chars.push(text[k]), offs.push(k));
          unknown.push({ start: u, end: chars.length });
          k--;
          continue;
        }
        chars.push(text[k]);
        offs.push(k);
      }
      i = e + 1;
    }
    const offsets = new Int32Array(chars.length + 1);
    offs.forEach((o, k) => (offsets[k] = o));
    offsets[chars.length] = Math.min(end, text.length);
    const encode: WrittenText['encode'] = (t) => (dash && t.includes('\t')) || (!quote && t.includes('$')) || t.split('\n').includes(delimiter) ? undefined : t;
    out.push({ kind, writtenPath, text: chars.join(''), offsets, unknown, anchor: m.index + (m[0].length - m[0].trimStart().length), encode });
    COPY_HEREDOC.lastIndex = Math.max(COPY_HEREDOC.lastIndex, end);
  }
  return out;
}
