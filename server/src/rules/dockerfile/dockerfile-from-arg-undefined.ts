import { defineRule } from '../../model/rule';
import type { Span } from '../../core/finding';
import { substitute } from '../../parsers/dockerfile';
import { PLATFORM_ARGS, resolvedGlobalArgs, suggest, varRefs } from './_vars';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?))*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** `${NAME}` shown as `$NAME`: the same variable, and no brace pair to read as a message placeholder. */
const unbrace = (s: string) => s.replace(/\$\{(\w+)\}/g, '$$$1');

/** Whether the builder accepts `ref` as an image reference (`[registry/]path[:tag][@digest]`). */
export function validReference(ref: string): boolean {
  let rest = ref;
  const at = rest.indexOf('@');
  if (at >= 0) {
    if (!DIGEST.test(rest.slice(at + 1))) return false;
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    if (!TAG.test(rest.slice(colon + 1))) return false;
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost' || parts[0] !== parts[0].toLowerCase())) {
    if (!DOMAIN.test(parts.shift()!)) return false;
  }
  return parts.length > 0 && parts.every((p) => PATH_COMPONENT.test(p));
}

export default defineRule({
  meta: {
    id: 'dockerfile-from-arg-undefined',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: '`FROM` uses an ARG that is not declared before the first FROM, or whose default gives no valid image name',
    symptom: 'failed to solve: base name (${BASE}) should not be blank / invalid reference format',
    type: 'problem',
    fix: 'none',
    messages: {
      undeclared: '`{ref}` in `FROM` is not declared by an `ARG` before the first `FROM`, so it is empty here{hint}: the build pulls `{result}` instead. Declare `ARG {name}=…` at the top of the Dockerfile.',
      undeclaredBlank: '`{ref}` in `FROM` is not declared by an `ARG` before the first `FROM`, so it is empty here{hint}: the build fails with `base name ({image}) should not be blank` unless `--build-arg {name}=…` is given. Declare `ARG {name}=…` at the top of the Dockerfile.',
      invalidDefault: 'With the `ARG` defaults, `FROM {image}` becomes `{result}`, which is {why}: a build without `--build-arg` fails with `{error}`. Give the ARG a default that makes a valid image name.',
    },
    peers: { buildkit: ['UndefinedArgInFrom', 'InvalidDefaultArgInFrom'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    const known = [...model.globalArgs.keys(), ...PLATFORM_ARGS];
    for (const stage of model.stages) {
      const ins = stage.from.instruction;
      const image = stage.from.image;
      const words: { text: string; span: Span; isImage: boolean }[] = [];
      if (image) words.push({ text: image.text, span: image.span, isImage: true });
      const platform = ins.flags.find((f) => f.name === 'platform' && f.value);
      if (platform?.value) {
        const start = text.indexOf(platform.value, platform.span.start);
        words.push({ text: platform.value, span: { start, end: start + platform.value.length }, isImage: false });
      }
      let undeclared = false;
      for (const w of words) {
        for (const r of varRefs(w.text, model.escape)) {
          if (r.modifier || model.globalArgs.has(r.name) || PLATFORM_ARGS.includes(r.name)) continue;
          undeclared = true;
          const s = suggest(r.name, known);
          const hint = s ? ` (did you mean \`$${s}\`?)` : '';
          const vars = new Map(model.globalArgs);
          vars.set(r.name, '');
          const result = w.isImage ? (substitute(w.text, new Map([...vars].map(([k, v]) => [k, v ?? '']))) ?? '') : '';
          const range = { start: w.span.start + r.start, end: w.span.start + r.end };
          const ref = unbrace(w.text.slice(r.start, r.end));
          if (w.isImage && result.trim() && validReference(result)) ctx.report({ messageId: 'undeclared', data: { ref, name: r.name, hint, result }, range });
          else ctx.report({ messageId: 'undeclaredBlank', data: { ref, name: r.name, hint, image: unbrace(w.text) }, range });
        }
      }
      if (undeclared || !image || !image.text.includes('$')) continue;
      const refs = varRefs(image.text, model.escape);
      // Platform args get their values from the build; their defaults are unknown here.
      if (refs.some((r) => PLATFORM_ARGS.includes(r.name))) continue;
      const globals = resolvedGlobalArgs(model);
      const expanded = substitute(image.text, new Map([...globals].map(([k, v]) => [k, v ?? ''])));
      if (expanded === undefined || expanded.includes('$')) continue;
      const result = expanded.replace(/"([^"]*)"|'([^']*)'/g, '$1$2');
      if (model.stages.some((s) => s.from.name !== undefined && s.from.name === result.toLowerCase() && s.index < stage.index)) continue;
      const blank = result.trim() === '';
      if (!blank && validReference(result)) continue;
      const noDefault = refs.filter((r) => globals.get(r.name) === undefined).map((r) => r.name);
      const why = blank ? 'empty' : noDefault.length ? `not a valid image name (\`${noDefault.join('`, `')}\` has no default)` : 'not a valid image name';
      const error = blank ? `base name (${image.text}) should not be blank` : 'invalid reference format';
      ctx.report({ messageId: 'invalidDefault', data: { image: unbrace(image.text), result: unbrace(result) || '""', why, error: unbrace(error) }, range: image.span });
    }
  },
});
