import { defineRule } from '../../model/rule';
import { DOCKERD_FLAGS, RHEL_DOCKER_FLAGS } from '../../knowledge/dockerd-flags';
import { dockerdSites } from './_shared';

// dockerd parses its command line with pflag and exits on the first flag it does not know, before reading
// daemon.json: `unknown flag: --foo` / `unknown shorthand flag: 'x' in -x`.

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length][b.length];
}

function closest(name: string): string | undefined {
  const n = name.replace(/_/g, '-').toLowerCase();
  // The daemon.json key written as a flag (`--insecure-registries` for `--insecure-registry`).
  const byKey = DOCKERD_FLAGS.find((f) => f.daemonKey === n && f.daemonKey !== f.name && !f.removed);
  if (byKey) return byKey.name;
  let best: string | undefined;
  let bestD = 3;
  for (const f of DOCKERD_FLAGS) {
    if (f.removed) continue;
    const d = f.name === n ? 0 : distance(n, f.name);
    if (d < bestD) {
      bestD = d;
      best = f.name;
    }
  }
  return best;
}

const RHEL = new Set(RHEL_DOCKER_FLAGS.map((f) => f.name));

export default defineRule({
  meta: {
    id: 'dockerd-unknown-flag',
    kinds: ['systemd-unit', 'sysconfig-env'],
    scope: 'workspace',
    severity: 'error',
    summary: 'A flag dockerd does not know on the daemon command line: dockerd exits at start',
    symptom: 'unknown flag: --storage_driver',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      long: 'dockerd has no flag "{flag}" and exits at start with "unknown flag: {flag}".{hint}',
      short: 'dockerd has no flag "-{letter}" and exits at start with "unknown shorthand flag: \'{letter}\' in {word}".',
    },
  },
  check(ctx) {
    for (const site of dockerdSites(ctx.workspace)) {
      const rhel = !site.invocation || /dockerd-current$/.test(site.invocation.args[0].text);
      for (const f of site.flags) {
        if (f.spec) continue;
        if (f.unknownShorthand) {
          // pflag names the rest of the cluster from the unknown letter on: `-Dx` -> "'x' in -x".
          const w = f.words[0];
          const k = w.offsets.indexOf(f.name.span.start);
          ctx.report({ messageId: 'short', data: { letter: f.written.slice(1), word: `-${w.text.slice(Math.max(k, 1))}` }, file: f.name.file.path, range: f.name.span });
          continue;
        }
        const name = f.written.slice(2);
        if (rhel && RHEL.has(name)) continue;
        const near = closest(name);
        ctx.report({
          messageId: 'long',
          data: { flag: f.written, hint: near ? ` Did you mean --${near}?` : '' },
          file: f.name.file.path,
          range: f.name.span,
          fixes: near ? [{ title: `Change to --${near}`, safety: 'unsafe', edits: [{ file: f.name.file.path, range: f.name.span, newText: `--${near}` }] }] : [],
        });
      }
    }
  },
});
