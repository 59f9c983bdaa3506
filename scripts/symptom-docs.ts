// Generates docs/symptoms/<id>.md from the symptom table (server/src/knowledge/symptoms.ts). With --write the pages
// are (re)written and pages of symptoms that no longer exist are removed; without it, prints the ids whose pages are
// stale. A test keeps the pages in step with the table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SYMPTOMS, type Symptom } from '../server/src/knowledge/symptoms';
import { fillTemplate } from '../server/src/explain/explain';

export const SYMPTOM_DOCS_DIR = path.join(__dirname, '..', 'docs', 'symptoms');

export function symptomDoc(s: Symptom): string {
  const out: string[] = [];
  out.push(`# ${s.title}`, '');
  out.push('<!-- generated from server/src/knowledge/symptoms.ts by `npm run docs:symptoms`; edit the table, not this page -->', '');
  out.push(s.summary, '');
  out.push('## What you see', '', '```text', ...s.examples, '```', '');
  out.push(`Explain your own message: \`shipshape explain "<the error line>"\` (add \`--workspace DIR\` to see the files that show each cause).`, '');
  out.push('## Causes', '');
  s.causes.forEach((c, i) => {
    out.push(`### ${i + 1}. ${c.title}`, '', c.why, '');
    if (c.confirm.length) {
      out.push('**Confirm**', '');
      for (const st of c.confirm) out.push('```sh', fillTemplate(st.command, {}, s.defaults), '```', st.shows, '');
    }
    if (c.fix.length) {
      out.push('**Fix**', '');
      for (const f of c.fix) out.push(`- ${fillTemplate(f, {}, s.defaults)}`);
      out.push('');
    }
    if (c.rules.length) out.push(`**Rules that detect it:** ${c.rules.map((r) => `[\`${r}\`](../rules/${r}.md)`).join(', ')}`, '');
    if (c.hostChecks?.length) out.push(`**\`shipshape doctor\` checks:** ${c.hostChecks.map((h) => `[\`${h}\`](../host-checks.md#${h})`).join(', ')}`, '');
  });
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

export function symptomDocs(): Map<string, string> {
  return new Map(SYMPTOMS.map((s) => [`${s.id}.md`, symptomDoc(s)]));
}

if (require.main === module) {
  const docs = symptomDocs();
  if (process.argv.includes('--write')) {
    fs.mkdirSync(SYMPTOM_DOCS_DIR, { recursive: true });
    for (const f of fs.readdirSync(SYMPTOM_DOCS_DIR)) if (f.endsWith('.md') && !docs.has(f)) fs.rmSync(path.join(SYMPTOM_DOCS_DIR, f));
    for (const [f, text] of docs) fs.writeFileSync(path.join(SYMPTOM_DOCS_DIR, f), text);
  } else {
    for (const [f, text] of docs) {
      const p = path.join(SYMPTOM_DOCS_DIR, f);
      if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) console.log(`stale: docs/symptoms/${f}`);
    }
  }
}
