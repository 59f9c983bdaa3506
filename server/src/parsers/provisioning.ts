// Provisioning files that write host configuration in their own syntax: cloud-init `write_files:` entries (`path:` +
// `content:`, skipping base64 and gzip encodings) and Ansible tasks (`copy:` with `content:`, `blockinfile:` with
// `block:`, `lineinfile:` with `line:`) whose `dest:`/`path:` is one of the files shipshape reads. Each text is
// mapped back to the YAML characters (block scalars lose their indentation, quoted scalars their escapes); Jinja
// `{{ … }}` / `{% … %}` spans are unknown values.

import * as yaml from 'yaml';
import { parseAllDocuments, type Document, type Node, type Scalar } from 'yaml';
import { classifyPath } from './classify';
import { WRITTEN_KINDS, type WrittenText } from '../core/embedded-files';
import type { Span } from '../core/finding';
import type { SourceFile } from '../core/source';
import { mapScalar } from './yaml-scalar';

const { isMap, isPair, isScalar, isSeq, isAlias } = yaml;

/** A provisioning file as shipshape reads it: only what it writes (see embedded-files.ts). */
export interface ProvisioningModel {
  writes: WrittenText[];
}

function get(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && p.key.value === key) return p.value as Node | undefined;
  return undefined;
}

function str(n: unknown): string | undefined {
  return isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined;
}

const TEMPLATE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

/** How new text is spelled inside a YAML scalar of this type, for fixes. */
function scalarEncoder(node: Scalar, hostText: string, offsets: ArrayLike<number>): WrittenText['encode'] {
  const type = node.type;
  return (t) => {
    if (TEMPLATE.test(t)) return undefined;
    TEMPLATE.lastIndex = 0;
    if (type === 'BLOCK_LITERAL') {
      if (!t.includes('\n')) return t;
      // A new line carries the block's indentation.
      const first = offsets[0];
      let ls = first;
      while (ls > 0 && hostText[ls - 1] !== '\n') ls--;
      const indent = hostText.slice(ls, first);
      if (!/^[ ]*$/.test(indent)) return undefined;
      return t.replace(/\n(?=[^\n])/g, '\n' + indent);
    }
    if (t.includes('\n')) return undefined;
    if (type === 'QUOTE_DOUBLE') return t.replace(/[\\"]/g, (m) => '\\' + m);
    if (type === 'QUOTE_SINGLE') return t.replace(/'/g, "''");
    return /^[\w .:/@+,=-]*$/.test(t) && !/ #|: /.test(t) ? t : undefined;
  };
}

function written(text: string, node: unknown, writtenPath: string, anchor: number, whole: boolean): WrittenText | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const kind = classifyPath(writtenPath);
  if (kind === undefined || kind === 'sniff' || !WRITTEN_KINDS.has(kind)) return undefined;
  const mapped = mapScalar(text, node);
  if (!mapped) return undefined;
  const unknown: Span[] = [];
  TEMPLATE.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = TEMPLATE.exec(mapped.text)); ) unknown.push({ start: m.index, end: m.index + m[0].length });
  // A text that is nothing but a template (`{{ docker_daemon_options | to_nice_json }}`) says nothing.
  if (mapped.text.replace(TEMPLATE, '').trim() === '') return undefined;
  // A fragment (a block put into a file, an appended entry) is read on its own where lines stand alone (env files)
  // or where it is a whole file by itself.
  if (!whole && kind !== 'sysconfig-env' && !/^\s*(\{|\[[A-Za-z])/.test(mapped.text)) return undefined;
  return { kind, writtenPath, text: mapped.text, offsets: mapped.offsets, unknown, anchor, encode: scalarEncoder(node, text, mapped.offsets) };
}

/** The modules that write text, the argument holding it, and whether it is the whole file. */
const ANSIBLE_MODULES: Record<string, { content: string; whole: boolean }> = {
  copy: { content: 'content', whole: true },
  blockinfile: { content: 'block', whole: false },
  lineinfile: { content: 'line', whole: false },
};

function moduleName(key: string): string | undefined {
  const k = key.replace(/^(ansible\.builtin|ansible\.legacy)\./, '');
  return k in ANSIBLE_MODULES ? k : undefined;
}

export function parseProvisioning(text: string): ProvisioningModel {
  const writes: WrittenText[] = [];
  try {
    for (const doc of parseAllDocuments(text, { keepSourceTokens: true, uniqueKeys: false, prettyErrors: false })) {
      if (!('contents' in doc)) continue;
      walk(text, doc as Document, doc.contents, writes, 0);
    }
  } catch {
    return { writes: [] };
  }
  return { writes: writes.sort((a, b) => a.anchor - b.anchor) };
}

function walk(text: string, doc: Document, node: unknown, out: WrittenText[], depth: number): void {
  if (depth > 32 || !node) return;
  if (isAlias(node)) return;
  if (isSeq(node)) {
    for (const i of node.items) walk(text, doc, i, out, depth + 1);
    return;
  }
  if (!isMap(node)) return;
  const anchor = node.range?.[0] ?? 0;
  for (const p of node.items) {
    if (!isPair(p) || !isScalar(p.key)) continue;
    const key = String(p.key.value);
    if (key === 'write_files' && isSeq(p.value)) {
      for (const entry of p.value.items) {
        const path = str(get(entry, 'path'));
        const encoding = str(get(entry, 'encoding')) ?? 'text/plain';
        if (!path || !/^(text\/plain)?$/i.test(encoding.trim())) continue;
        const append = /^(true|yes)$/i.test(str(get(entry, 'append')) ?? '');
        const w = written(text, get(entry, 'content'), path, (entry as Node).range?.[0] ?? anchor, !append);
        if (w) out.push(w);
      }
      continue;
    }
    const mod = moduleName(key);
    if (mod && isMap(p.value)) {
      const args = p.value;
      const path = str(get(args, 'dest')) ?? str(get(args, 'path'));
      const spec = ANSIBLE_MODULES[mod];
      if (path && !/\{\{/.test(path)) {
        const w = written(text, get(args, spec.content), path, anchor, spec.whole);
        if (w) out.push(w);
      }
      continue;
    }
    walk(text, doc, p.value, out, depth + 1);
  }
}

/** The written-file extractor for kind 'provisioning'. */
export function provisioningWrites(file: SourceFile, workspace?: { parse(kind: 'provisioning', f: SourceFile): ProvisioningModel }): WrittenText[] {
  return (workspace ? workspace.parse('provisioning', file) : parseProvisioning(file.text)).writes;
}
