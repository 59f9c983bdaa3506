// Hover and completion in daemon.json, from the option table: what a key does, its type, flag, default and
// deprecation; completion of keys (with a value placeholder of the right type) and of known values.
import { findNodeAtOffset, getLocation, type Node } from 'jsonc-parser';
import type { SourceFile, WorkspaceView } from '../model/rule';
import type { CompletionEntry, HoverResult } from './types';
import { DAEMON_OPTIONS, LEGACY_STORAGE_DRIVERS, daemonOption, ignoredKey, type DaemonOption, type ValueShape } from '../knowledge/daemon-options';

function typeText(s: ValueShape): string {
  if (s.type === 'any') return 'any';
  const types = Array.isArray(s.type) ? s.type : [s.type];
  return types
    .map((t) => (t === 'array' && s.items ? `${typeText(s.items)}[]` : t === 'object' && s.values ? `{ [name]: ${typeText(s.values)} }` : t === 'object' && s.properties ? `{ ${Object.keys(s.properties).join(', ')} }` : t))
    .join(' | ');
}

export function describeOption(o: DaemonOption): string {
  const lines = [`**${o.key}** — ${o.description}`, ''];
  lines.push(`Type: \`${typeText(o)}\`${o.enum ? ` (one of ${o.enum.map((v) => `\`${v}\``).join(', ')})` : ''}`);
  if (o.flag) lines.push(`Flag: \`${o.flag}\``);
  if (o.default) lines.push(`Default: \`${o.default}\``);
  if (o.since) lines.push(`Since Docker ${o.since}`);
  if (o.deprecated) lines.push(`Deprecated in Docker ${o.deprecated}${o.removed ? `, removed in ${o.removed}` : ''}${o.replacement ? `: use \`${o.replacement}\`` : ''}${o.deprecationNote ? ` (${o.deprecationNote})` : ''}`);
  return lines.join('  \n');
}

export function daemonJsonHover(file: SourceFile, workspace: WorkspaceView, offset: number): HoverResult | undefined {
  const model = workspace.parse('daemon-json', file);
  if (!model.root || model.root.type !== 'object') return undefined;
  const node = findNodeAtOffset(model.root, offset, false);
  const prop = node?.parent;
  if (!node || node.type !== 'string' || !prop || prop.type !== 'property' || prop.children?.[0] !== node || prop.parent !== model.root) return undefined;
  const key = String(node.value);
  const range = { start: node.offset, end: node.offset + node.length };
  const opt = daemonOption(key);
  if (opt) return { markdown: describeOption(opt), range };
  const ig = ignoredKey(key);
  if (ig) return { markdown: `**${key}** is a dockerd flag name, not a daemon.json key: dockerd ignores it here.${ig.use ? ` Use \`${ig.use}\`.` : ''}`, range };
  return undefined;
}

function valueSnippet(o: DaemonOption): string {
  if (o.enum) return `"\${1|${o.enum.join(',')}|}"`;
  const t = Array.isArray(o.type) ? o.type[0] : o.type;
  switch (t) {
    case 'boolean':
      return '${1|true,false|}';
    case 'integer':
    case 'number':
      return `\${1:${o.default && /^-?\d+$/.test(o.default) ? o.default : '0'}}`;
    case 'array':
      return '[$1]';
    case 'object':
      return '{$1}';
    default:
      return `"\${1:${o.default ?? ''}}"`;
  }
}

const VALUES: Record<string, string[]> = {
  'storage-driver': ['overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs'],
  'log-driver': ['json-file', 'local', 'journald', 'syslog', 'gelf', 'fluentd', 'awslogs', 'splunk', 'etwlogs', 'gcplogs', 'none'],
  'default-runtime': ['runc'],
  'seccomp-profile': ['builtin', 'unconfined'],
};

export function daemonJsonCompletion(file: SourceFile, workspace: WorkspaceView, offset: number): CompletionEntry[] {
  const text = file.text;
  const model = workspace.parse('daemon-json', file);
  // No tree although the file is not empty: nested too deep to walk (getLocation would overflow the stack) or no JSON.
  if (!model.root && !model.empty) return [];
  const loc = getLocation(text, offset);
  const root = model.root && model.root.type === 'object' ? model.root : undefined;
  const current = loc.previousNode && loc.previousNode.offset <= offset && offset <= loc.previousNode.offset + loc.previousNode.length ? loc.previousNode : undefined;
  const replace = current && (current.type === 'string' || current.type === 'property') ? { start: current.offset, end: current.offset + current.length } : undefined;
  if (loc.path.length === 1 && loc.isAtPropertyKey) {
    const present = new Set((root?.children ?? []).map((p: Node) => p.children?.[0]?.value).filter((k) => k !== (current?.value ?? '')));
    return DAEMON_OPTIONS.filter((o) => !present.has(o.key) && !o.removed).map((o) => ({
      label: o.key,
      kind: 'property' as const,
      detail: typeText(o),
      documentation: describeOption(o),
      insertText: `"${o.key}": ${valueSnippet(o)}`,
      snippet: true,
      deprecated: !!o.deprecated,
      range: replace,
      // The replaced text starts with the key's quote: VS Code matches what is typed against filterText.
      filterText: replace ? `"${o.key}"` : undefined,
      sortText: `${o.deprecated ? '1' : '0'}${o.key}`,
    }));
  }
  if (loc.path.length === 1 && !loc.isAtPropertyKey && typeof loc.path[0] === 'string') {
    const key = loc.path[0];
    const opt = daemonOption(key);
    if (!opt) return [];
    const values = opt.enum ? [...opt.enum] : VALUES[key];
    const legacy = new Set(LEGACY_STORAGE_DRIVERS.map((d) => d.driver));
    if (values) return values.filter((v) => !(key === 'storage-driver' && legacy.has(v))).map((v) => ({ label: v, kind: 'value' as const, insertText: `"${v}"`, range: replace, filterText: replace ? `"${v}"` : undefined }));
    if (opt.type === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: 'keyword' as const, insertText: v, range: replace }));
  }
  return [];
}
