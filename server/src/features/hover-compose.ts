// Hover on compose keys: what the key does, the type it takes, and since when Compose accepts it.
import { describeShape } from '../knowledge/compose-spec';
import type { HoverProvider } from './types';
import { pathAt, propAt } from './compose-model';

export const hoverCompose: HoverProvider = (file, workspace, offset) => {
  const model = workspace.parse('compose', file);
  const pos = pathAt(model.doc, offset);
  // On a key, or on a scalar value (the key's documentation then tells what the value means).
  if (!pos || pos.path.length === 0 || pos.path[pos.path.length - 1] === '[]') return undefined;
  const key = pos.path[pos.path.length - 1];
  if (key.startsWith('x-') && pos.path.length === 1) return { markdown: `**${key}**\n\nExtension field: Compose ignores it; use it for anchors (\`&name\`) shared with \`<<: *name\`.`, range: pos.keySpan };
  const { prop } = propAt(pos.path);
  if (!prop) return undefined;
  const lines = [`**${key}** — ${describeShape(prop.shape)}`, '', prop.doc];
  if (prop.since) lines.push('', `Needs Docker Compose ${prop.since} or later.`);
  if (prop.deprecated) lines.push('', `Deprecated: ${prop.deprecated}.`);
  if (!pos.path[0].startsWith('x-')) lines.push('', `\`${pos.path.filter((s) => s !== '[]').join('.')}\``);
  return { markdown: lines.join('\n'), range: pos.keySpan };
};
