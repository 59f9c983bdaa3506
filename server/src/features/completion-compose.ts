// Completion in compose files: the keys the Compose model allows at the cursor's level (from the indentation of the
// lines above, so it works while the line is still half-written), and allowed values after `key: `.
import { describeShape, type Shape } from '../knowledge/compose-spec';
import type { CompletionEntry, CompletionProvider } from './types';
import { objectAt, propAt } from './compose-model';
import { Resolver, isMap, keyString, type ComposeModel } from '../parsers/compose';

const KEY_LINE = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)\s*:(\s|$)/;

/** The key path of the mapping a line at this indentation belongs to, read from the lines above. */
export function pathFromIndentation(lines: string[], lineNo: number, column: number): string[] {
  const path: string[] = [];
  let limit = column;
  for (let i = lineNo - 1; i >= 0 && limit > 0; i--) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    const m = KEY_LINE.exec(line);
    const dash = /^(\s*)-(\s+|$)/.exec(line);
    if (m) {
      const keyCol = m[1].length + (m[2]?.length ?? 0);
      if (keyCol < limit) {
        path.unshift(m[3].replace(/^["']|["']$/g, ''));
        limit = keyCol;
      }
      if (m[2] && m[1].length < limit) {
        path.unshift('[]');
        limit = m[1].length;
      }
    } else if (dash && indent < limit) {
      path.unshift('[]');
      limit = indent;
    }
  }
  return path;
}

function siblings(lines: string[], lineNo: number, column: number): Set<string> {
  const out = new Set<string>();
  for (const dir of [-1, 1]) {
    for (let i = lineNo + dir; i >= 0 && i < lines.length; i += dir) {
      const line = lines[i];
      if (!line.trim() || line.trimStart().startsWith('#')) continue;
      const indent = line.length - line.trimStart().length;
      if (indent < column) break;
      const m = KEY_LINE.exec(line);
      if (m && m[1].length === column && !m[2]) out.add(m[3]);
    }
  }
  return out;
}

function valuesOf(shape: Shape | undefined): string[] {
  if (!shape) return [];
  if (shape.t === 'string' && shape.enum) return [...shape.enum];
  if (shape.t === 'boolean') return ['true', 'false'];
  if (shape.t === 'oneOf') return shape.of.flatMap(valuesOf);
  return [];
}

/** Keys whose values (list items, or mapping keys) name something defined elsewhere in the file. */
const REFERENCES: Record<string, 'services' | 'networks' | 'secrets' | 'configs' | 'models'> = {
  depends_on: 'services',
  links: 'services',
  volumes_from: 'services',
  extends: 'services',
  networks: 'networks',
  secrets: 'secrets',
  configs: 'configs',
  models: 'models',
};

/** Names a reference at this path may take: other services for `depends_on`, top-level networks for `networks`, … */
function referenceNames(model: ComposeModel, path: string[]): string[] {
  const p = path[path.length - 1] === '[]' ? path.slice(0, -1) : path;
  if (p.length !== 3 || p[0] !== 'services') return [];
  const target = REFERENCES[p[2]];
  if (!target) return [];
  if (target === 'services') return model.services.map((s) => s.name).filter((n) => n !== p[1]);
  const r = new Resolver(model.doc);
  const top = model.root ? r.value(model.root, target) : undefined;
  const names = isMap(top) ? r.entries(top).map(keyString).filter((k): k is string => !!k && !k.startsWith('x-')) : [];
  return target === 'networks' ? [...new Set(['default', ...names])] : names;
}

export const completeCompose: CompletionProvider = (file, workspace, offset) => {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lines = text.split('\n');
  const lineNo = text.slice(0, lineStart).split('\n').length - 1;

  // After `key: ` -> values of that key.
  const valueCtx = /^(\s*)(-\s+)?([\w.-]+):\s+([\w.-]*)$/.exec(before);
  if (valueCtx) {
    const column = valueCtx[1].length + (valueCtx[2]?.length ?? 0);
    const parent = pathFromIndentation(lines, lineNo, column);
    if (valueCtx[2]) parent.push('[]');
    const { prop } = propAt([...parent, valueCtx[3]]);
    const start = offset - valueCtx[4].length;
    return [...new Set(valuesOf(prop?.shape))].map((v) => ({ label: v, kind: 'value' as const, range: { start, end: offset } }));
  }

  // At a key position: indentation, optional `- `, a partial word.
  const keyCtx = /^(\s*)(-\s+)?([\w.-]*)$/.exec(before);
  if (!keyCtx) return [];
  const column = keyCtx[1].length + (keyCtx[2]?.length ?? 0);
  const path = pathFromIndentation(lines, lineNo, column);
  if (keyCtx[2]) path.push('[]');
  const props = objectAt(path);
  const start0 = offset - keyCtx[3].length;
  if (!props) {
    const names = referenceNames(workspace.parse('compose', file), path);
    return names.map((n) => ({ label: n, kind: 'value' as const, insertText: keyCtx[2] ? n : `${n}:`, range: { start: start0, end: offset } }));
  }
  const have = siblings(lines, lineNo, column);
  const start = offset - keyCtx[3].length;
  const out: CompletionEntry[] = [];
  for (const [key, prop] of Object.entries(props)) {
    if (have.has(key)) continue;
    const nested = prop.shape.t === 'object' || prop.shape.t === 'map' || prop.shape.t === 'list';
    out.push({
      label: key,
      kind: 'property',
      detail: describeShape(prop.shape),
      documentation: prop.doc,
      insertText: nested ? `${key}:\n${' '.repeat(column + 2)}` : `${key}: `,
      deprecated: !!prop.deprecated,
      range: { start, end: offset },
      sortText: prop.deprecated ? `z${key}` : key,
    });
  }
  return out;
};
