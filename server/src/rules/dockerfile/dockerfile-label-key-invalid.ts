import { defineRule } from '../../model/rule';
import { keyValuePairs } from './_kv';

const RESERVED = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/** Why a label key breaks Docker's key format, or undefined when it is fine. */
export function labelKeyProblem(key: string): string | undefined {
  if (RESERVED.some((p) => key.startsWith(p))) return `the \`${RESERVED.find((p) => key.startsWith(p))}\` namespace is reserved for Docker's own labels`;
  if (!/^[a-z]/.test(key)) return 'it should start with a lower-case letter';
  if (!/[a-z0-9]$/.test(key)) return 'it should end with a lower-case letter or a digit';
  if (/[^a-z0-9._\-/]/.test(key)) return 'it should hold only lower-case letters, digits, `.`, `-` and `/`';
  if (key.includes('..') || key.includes('--')) return 'it should not repeat a separator (`..`, `--`)';
  return undefined;
}

export default defineRule({
  meta: {
    id: 'dockerfile-label-key-invalid',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'hint',
    summary: 'a `LABEL` key outside Docker\'s key format (lower-case, reverse-DNS, no reserved namespace)',
    type: 'suggestion',
    fix: 'none',
    messages: {
      invalid: 'Label key `{key}`: {why}. Tools that filter by label (`docker ps --filter label=…`, registries) expect keys like `org.example.{suggestion}`.',
    },
    peers: { hadolint: ['DL3048'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'LABEL') continue;
      for (const p of keyValuePairs(ctx.file.text, model, ins)) {
        if (!p.key || p.key.includes('$')) continue;
        const why = labelKeyProblem(p.key);
        const suggestion = p.key.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[^a-z]+|[^a-z0-9]+$/g, '') || 'name';
        if (why) ctx.report({ messageId: 'invalid', data: { key: p.key, why, suggestion }, range: p.keySpan });
      }
    }
  },
});
