// Text edits on compose files: insert a key at the end of a service's block, delete a top-level pair's lines.

import type { Span, TextEdit } from '../../core/finding';
import { spanOf, type Node, type Pair, type YAMLMap } from '../../parsers/compose';

function lineStartOf(text: string, at: number): number {
  let i = at;
  while (i > 0 && text[i - 1] !== '\n') i--;
  return i;
}

function lineEndOf(text: string, at: number): number {
  let i = at;
  while (i < text.length && text[i] !== '\n') i++;
  return i;
}

/**
 * An edit that appends `lines` (already in YAML, relative indentation) as new keys at the end of a block mapping,
 * indented like its other keys. Undefined for flow mappings (`{...}`) and empty ones.
 */
export function appendToBlockMap(file: string, text: string, map: YAMLMap, lines: string[]): TextEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const first = map.items[0] as Pair;
  const keyStart = spanOf(first.key as Node).start;
  const indent = text.slice(lineStartOf(text, keyStart), keyStart);
  if (!/^[ ]*$/.test(indent)) return undefined;
  const last = map.items[map.items.length - 1] as Pair;
  const lastNode = (last.value ?? last.key) as Node;
  const end = spanOf(lastNode).end;
  const eol = lineEndOf(text, Math.max(end - 1, 0));
  const block = lines.map((l) => indent + l).join('\n');
  if (eol >= text.length) return { file, range: { start: text.length, end: text.length }, newText: (text.endsWith('\n') ? '' : '\n') + block + '\n' };
  return { file, range: { start: eol + 1, end: eol + 1 }, newText: block + '\n' };
}

/** The span of whole lines covering `span`, with the final line break. */
export function wholeLines(text: string, span: Span): Span {
  const start = lineStartOf(text, span.start);
  let end = lineEndOf(text, Math.max(span.end - 1, span.start));
  if (end < text.length) end++;
  return { start, end };
}
