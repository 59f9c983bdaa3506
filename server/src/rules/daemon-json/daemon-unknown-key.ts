import type { Node } from 'jsonc-parser';
import { defineRule } from '../../model/rule';
import { formatVersion } from '../../core/version';
import type { Fix } from '../../core/finding';
import { DAEMON_OPTIONS, FLAT_OPTIONS, daemonOption, ignoredKey } from '../../knowledge/daemon-options';
import { closest, effectiveProps, lifecycle, propMap, renameKeyEdit, rootObject, spanOf, type Prop } from './_shared';

const DIRECTIVES = "the following directives don't match any configuration option";

/** A name dockerd's key check lets through: a known option (not removed), or a flag name it then ignores. */
function accepted(key: string): boolean {
  return !!daemonOption(key) || !!ignoredKey(key);
}

export default defineRule({
  meta: {
    id: 'daemon-unknown-key',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'error',
    summary: 'daemon.json has a key dockerd does not know, so the daemon refuses to start',
    symptom: "unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: live_restore",
    type: 'problem',
    fix: 'sometimes',
    messages: {
      unknown: `Unknown key "{key}"{hint}: dockerd refuses to start with "${DIRECTIVES}: {key}".`,
      tooNew: `"{key}" is only known to Docker {since} and later: dockerd {target} refuses to start with "${DIRECTIVES}: {key}".`,
      flattened: `"{key}" is not an option, so dockerd reads the keys inside it as top-level keys and refuses to start with "${DIRECTIVES}: {inner}"{hint}.`,
      unknownField: `Unknown key "{key}" inside "{parent}"{hint}: dockerd checks it as a top-level key and refuses to start with "${DIRECTIVES}: {key}".`,
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const present = propMap(ctx.workspace, obj);
    const file = ctx.file.path;
    const target = ctx.dockerVersion;
    // The options to suggest instead of a top-level key, worked out only for a file that has one to suggest for.
    let usableKeys: string[] | undefined;
    const usable = () => (usableKeys ??= DAEMON_OPTIONS.filter((o) => lifecycle(o, target) !== 'removed' && lifecycle(o, target) !== 'too-new').map((o) => o.key));

    const suggest = (p: Prop, candidates: string[], taken: (k: string) => boolean): { hint: string; fixes: Fix[] } => {
      const ig = ignoredKey(p.key);
      const guess = ig?.use && ig.use !== 'proxies' ? { key: ig.use, sameWords: false } : closest(p.key, candidates);
      if (!guess) return { hint: '', fixes: [] };
      const hint = ` (did you mean "${guess.key}"?)`;
      if (taken(guess.key)) return { hint, fixes: [] };
      return {
        hint,
        fixes: [{ title: `Rename "${p.key}" to "${guess.key}"`, safety: guess.sameWords ? 'safe' : 'unsafe', edits: [renameKeyEdit(file, p.keyNode, guess.key)] }],
      };
    };

    for (const p of effectiveProps(ctx.workspace, obj)) {
      const v = p.valueNode;
      const opt = daemonOption(p.key);
      if (opt) {
        const life = lifecycle(opt, target);
        if (life === 'too-new') ctx.report({ messageId: 'tooNew', data: { key: p.key, since: opt.since ?? '', target: formatVersion(target) }, range: spanOf(p.keyNode) });
        // A known option whose value is an object it does not keep flat (proxies): dockerd checks its keys one by one.
        if (v && v.type === 'object' && !FLAT_OPTIONS.has(p.key) && opt.properties) {
          const fields = Object.keys(opt.properties);
          for (const inner of effectiveProps(ctx.workspace, v)) {
            if (accepted(inner.key)) continue;
            const s = suggest(inner, fields, (k) => propMap(ctx.workspace, v).has(k));
            ctx.report({ messageId: 'unknownField', data: { key: inner.key, parent: p.key, hint: s.hint }, range: spanOf(inner.keyNode), fixes: s.fixes });
          }
        }
        continue;
      }
      if (v && v.type === 'object' && !FLAT_OPTIONS.has(p.key)) {
        const bad = effectiveProps(ctx.workspace, v as Node).filter((i) => !accepted(i.key)).map((i) => i.key);
        if (bad.length === 0) continue; // accepted, then ignored: daemon-ignored-key
        const s = suggest(p, usable(), (k) => present.has(k));
        ctx.report({ messageId: 'flattened', data: { key: p.key, inner: bad.join(', '), hint: s.hint }, range: spanOf(p.keyNode), fixes: s.fixes });
        continue;
      }
      if (ignoredKey(p.key)) continue; // accepted by the key check: daemon-ignored-key explains it
      const s = suggest(p, usable(), (k) => present.has(k));
      ctx.report({ messageId: 'unknown', data: { key: p.key, hint: s.hint }, range: spanOf(p.keyNode), fixes: s.fixes });
    }
  },
});
