// The rule pages shipped with the extension (docs/rules/<id>.md, next to dist/), read for hovers and the
// "Show Rule Documentation" command. Read once per id, cached.
import * as fs from 'node:fs';
import * as path from 'node:path';

const cache = new Map<string, string | undefined>();

function docsDirs(): string[] {
  // dist/server.js -> ../docs/rules; tests running the sources -> ../../../docs/rules
  return [path.resolve(__dirname, '..', 'docs', 'rules'), path.resolve(__dirname, '..', '..', '..', 'docs', 'rules')];
}

export function ruleDocsPath(ruleId: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  for (const d of docsDirs()) {
    const p = path.join(d, `${ruleId}.md`);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export function ruleDocsMarkdown(ruleId: string): string | undefined {
  if (cache.has(ruleId)) return cache.get(ruleId);
  const p = ruleDocsPath(ruleId);
  let text: string | undefined;
  try {
    text = p ? fs.readFileSync(p, 'utf8') : undefined;
  } catch {
    text = undefined;
  }
  cache.set(ruleId, text);
  return text;
}

/** The page as a hover: the title becomes bold, headings shrink a level, long pages are cut after "Use instead". */
export function ruleDocsHover(ruleId: string, url: string): string | undefined {
  const md = ruleDocsMarkdown(ruleId);
  if (!md) return undefined;
  let body = md.replace(/^# .*\n/, '');
  const cut = body.search(/^## (Fix safety|Options|References)/m);
  if (cut > 0) body = body.slice(0, cut);
  body = body.replace(/^## /gm, '#### ');
  return `**${ruleId}** ([docs](${url}))\n\n${body.trim()}\n`;
}
