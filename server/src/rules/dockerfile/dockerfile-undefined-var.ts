import { defineRule } from '../../model/rule';
import type { Span } from '../../core/finding';
import type { DfInstruction } from '../../parsers/dockerfile';
import { argumentWords, keyValuePairs } from './_kv';
import { BUILDKIT_ARGS, declaredNames, scopeAt, suggest, varRefs } from './_vars';

/** Instructions whose arguments the builder expands itself (RUN, CMD and ENTRYPOINT leave it to the shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Flags whose values are expanded. */
const EXPANDED_FLAGS = new Set(['chown', 'chmod', 'from']);
/** Variables every Linux image's environment has. */
const IMAGE_DEFAULTS = ['PATH'];

interface Ref {
  name: string;
  text: string;
  span: Span;
}

function references(text: string, escape: string, words: { value?: string; raw: string; span: Span }[]): Ref[] {
  const out: Ref[] = [];
  for (const w of words) {
    for (const r of varRefs(w.raw, escape)) {
      if (r.modifier) continue;
      out.push({ name: r.name, text: w.raw.slice(r.start, r.end), span: { start: w.span.start + r.start, end: w.span.start + r.end } });
    }
  }
  return out.filter((r) => text.slice(r.span.start, r.span.end) === r.text);
}

export default defineRule({
  meta: {
    id: 'dockerfile-undefined-var',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'a `$VAR` that no ARG or ENV defines before it (often a typo), or one set in the same ENV line: it expands to nothing',
    symptom: 'UndefinedVar: Usage of undefined variable \'$PAHT\' (did you mean $PATH?)',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      typo: '`{ref}` is not defined by any ARG or ENV before this line, so the builder replaces it with nothing: did you mean `${suggestion}`?',
      undefined: '`{ref}` is not defined by any ARG or ENV before this line, and the stage is built from `scratch`, so the builder replaces it with nothing. Declare it with `ARG {name}` or `ENV {name}=…` first.',
      globalArg: '`{ref}` is an `ARG` declared before the first `FROM`: such an ARG is visible only to FROM lines, so inside the stage it expands to nothing. Add `ARG {name}` after this stage\'s `FROM` to bring it in.',
      sameEnv: '`{ref}` refers to `{name}`, which this same `ENV` sets: the builder expands the whole line first, so `{ref}` here is still {before}, not the value this line gives it. Set `{name}` in an `ENV` of its own above.',
    },
    peers: { hadolint: ['DL3044'], buildkit: ['UndefinedVar'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    const text = ctx.file.text;
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (!EXPANDED.has(ins.keyword) || ins.args.length === 0) continue;
        if (!text.slice(ins.keywordSpan.end, ins.span.end).includes('$') || ins.args.some((a) => a.text.startsWith('<<'))) continue;
        const scope = scopeAt(model, ins);
        const known = new Set([...scope.names, ...IMAGE_DEFAULTS, ...BUILDKIT_ARGS]);
        const refs = refsOf(text, model, ins);
        const envKeys = ins.keyword === 'ENV' ? declaredNames(ins) : [];
        for (const { ref, earlier, owner } of refs) {
          const shown = ref.text.replace(/\$\{(\w+)\}/g, '$$$1');
          // ENV expands the whole line before it sets anything: a name another pair of it sets keeps its old value.
          if (ins.keyword === 'ENV' && owner !== ref.name && envKeys.includes(ref.name)) {
            ctx.report({ messageId: 'sameEnv', data: { ref: shown, name: ref.name, before: known.has(ref.name) ? 'the value from before this line' : 'undefined' }, range: ref.span });
            continue;
          }
          // ARG defines one name after another: `ARG A=1 B=$A` sees A.
          if (known.has(ref.name) || (ins.keyword === 'ARG' && earlier?.includes(ref.name))) continue;
          // An image built from `python:${PYTHON_VERSION}` often sets PYTHON_VERSION itself: the reference may be to that.
          const fromImage = stage.from.baseStage === undefined && (stage.from.image?.text ?? '').includes(ref.name);
          if (model.globalArgs.has(ref.name) && !fromImage) {
            ctx.report({ messageId: 'globalArg', data: { ref: shown, name: ref.name }, range: ref.span });
            continue;
          }
          const s = suggest(ref.name, known);
          if (s) {
            ctx.report({ messageId: 'typo', data: { ref: shown, suggestion: s }, range: ref.span, fixes: [{ title: `Change to \`$${s}\``, safety: 'unsafe', edits: [{ file: ctx.file.path, range: ref.span, newText: ref.text.replace(ref.name, s) }] }] });
          } else if (scope.complete) {
            ctx.report({ messageId: 'undefined', data: { ref: shown, name: ref.name }, range: ref.span });
          }
        }
      }
    }
  },
});

function refsOf(text: string, model: Parameters<typeof keyValuePairs>[1], ins: DfInstruction): { ref: Ref; earlier?: string[]; owner?: string }[] {
  const out: { ref: Ref; earlier?: string[]; owner?: string }[] = [];
  for (const f of ins.flags) {
    if (!EXPANDED_FLAGS.has(f.name) || !f.value) continue;
    const at = text.indexOf(f.value, f.span.start);
    if (at >= 0) for (const ref of references(text, model.escape, [{ raw: f.value, span: { start: at, end: at + f.value.length } }])) out.push({ ref });
  }
  if (ins.keyword === 'ENV' || ins.keyword === 'LABEL' || ins.keyword === 'ARG') {
    const pairs = keyValuePairs(text, model, ins);
    pairs.forEach((p, i) => {
      if (!p.rawValue) return;
      const earlier = pairs.slice(0, i).map((x) => x.key);
      for (const ref of references(text, model.escape, [{ raw: text.slice(p.valueSpan.start, p.valueSpan.end), span: p.valueSpan }])) out.push({ ref, earlier, owner: p.key });
    });
    return out;
  }
  const words = argumentWords(text, model, ins).map((w) => ({ raw: text.slice(w.span.start, w.span.end), span: w.span }));
  // JSON-form COPY/VOLUME keep their quotes in the raw word; references inside still expand.
  for (const ref of references(text, model.escape, words)) out.push({ ref });
  return out;
}
