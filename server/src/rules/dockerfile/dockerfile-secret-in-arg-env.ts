import { defineRule } from '../../model/rule';
import { keyValuePairs } from './_kv';

/** Whole words of a variable name (split at `_`, case-insensitive) that say it holds a secret. */
const SECRET_WORDS = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token']);
/** Words that say it does not (a public key, a path to a key file, a version). */
const SAFE_WORDS = new Set(['public', 'file', 'version', 'path', 'dir', 'url', 'name', 'id', 'user', 'username', 'length', 'size', 'type', 'server', 'host', 'fingerprint', 'keyring', 'keyserver', 'gpg']);

const SECRET_HINT = /apikey|auth|credential|key|password|pword|passwd|secret|token/i;

export function secretName(name: string): boolean {
  const words = name.toLowerCase().split('_');
  if (words.some((w) => SAFE_WORDS.has(w))) return false;
  return words.some((w) => SECRET_WORDS.has(w));
}

export default defineRule({
  meta: {
    id: 'dockerfile-secret-in-arg-env',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a secret passed through `ARG` or `ENV`: its value is stored in the image config or history for anyone who pulls it',
    symptom: 'docker history --no-trunc / docker inspect show the password',
    type: 'problem',
    fix: 'none',
    messages: {
      env: '`ENV {name}` stores its value in the image config: `docker inspect` shows it to anyone who can pull the image, and every container inherits it. Pass secrets at run time, or use `RUN --mount=type=secret,id={id}` for build steps.',
      arg: '`ARG {name}` ends up in the image history (`docker history --no-trunc` shows the value of every RUN that uses it) and in the build cache. Use `RUN --mount=type=secret,id={id}` and `docker build --secret id={id}` instead.',
    },
    peers: { hadolint: ['DL3064'], buildkit: ['SecretsUsedInArgOrEnv'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
      // Cheap test on the raw text before splitting it into pairs.
      if (!SECRET_HINT.test(ctx.file.text.slice(ins.keywordSpan.end, ins.span.end))) continue;
      for (const p of keyValuePairs(ctx.file.text, model, ins)) {
        if (!p.key || !secretName(p.key)) continue;
        ctx.report({ messageId: ins.keyword === 'ARG' ? 'arg' : 'env', data: { name: p.key, id: p.key.toLowerCase() }, range: p.keySpan });
      }
    }
  },
});
