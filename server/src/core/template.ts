// Template files (`daemon.json.j2`, `docker.service.tmpl`, `compose.yaml.erb`, ...): the file under the template suffix
// is linted with every template span masked. Masking replaces each span by text of the same length, so every offset
// of the masked text is the offset of the template file and ranges need no mapping. The masked spans are kept: a
// finding that touches one is dropped (no finding comes from `{{ }}`), and rules ask `isUnknown` before they reason
// about a value that may be a template (a value that is a template is unknown, never wrong).
//
// Read: Jinja/Ansible `{{ }}` `{% %}` `{# #}`, Go templates `{{ }}` (statements `{{ if }}`/`{{ end }}` too), ERB
// `<% %>` `<%= %>` `<%# %>`, and envsubst `${VAR}` in daemon.json (JSON has no `$` syntax of its own). A conditional
// block reads as present: the text of its first branch is linted, the `else`/`elif` branches are blanked, so a key
// set on both branches is not a duplicate.

import type { Span } from './finding';

/** The suffixes that make a file a template of the file named without them. */
const TEMPLATE_SUFFIX = /\.(j2|jinja2?|tmpl|tpl|template|gotmpl|erb|epp)$/i;

export interface TemplateInfo {
  /** The text with every template span replaced by text of the same length. */
  masked: string;
  /** The masked spans, in file order: values (`{{ x }}`) and statements (`{% if %}`) alike. */
  spans: Span[];
  /** The spans that stand for values (`{{ x }}`, `<%= x %>`, `${X}`): text the template puts there, unknown here. */
  values: Span[];
  /** The insides of block statements (`{% if %}…{% endif %}`, `{% for %}…{% endfor %}`): text that may be absent or repeated. */
  blocks: Span[];
}

/** The name a template renders to (`daemon.json.j2` -> `daemon.json`), or undefined when the path is no template. */
export function templateInner(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  const m = TEMPLATE_SUFFIX.exec(base);
  if (!m || m.index === 0) return undefined;
  return path.slice(0, slash + 1) + base.slice(0, m.index);
}

export function isTemplatePath(path: string): boolean {
  return templateInner(path) !== undefined;
}

type Delim = { open: string; close: string; type: 'value' | 'statement' };
const DELIMS: Delim[] = [
  { open: '{{', close: '}}', type: 'value' },
  { open: '{%', close: '%}', type: 'statement' },
  { open: '{#', close: '#}', type: 'statement' },
  { open: '<%', close: '%>', type: 'statement' },
];
const ENVSUBST: Delim = { open: '${', close: '}', type: 'value' };

// Block statements: opening, middle (a branch that is not read) and closing, in Jinja, Go templates and ERB.
const OPENS = /^(if|for|unless|case|while|until|macro|block|call|filter|with|range|define|raw)\b/;
const MIDDLES = /^(elif|else|elsif|when)\b/;
const CLOSES = /^(end\w*)\b/;

/** Mask a template's text for a file of `kind`. Never throws; text without template syntax comes back unchanged. */
export function maskTemplate(text: string, kind: string): TemplateInfo {
  const json = kind === 'daemon-json';
  const delims = json ? [...DELIMS, ENVSUBST] : DELIMS;
  const out = text.split('');
  const spans: Span[] = [];
  const values: Span[] = [];
  const blocks: Span[] = [];
  let inString = false; // JSON only: whether the scan is inside a string literal
  // A stack of open blocks; `skipFrom` is where an unread branch began (blank until its block closes).
  const stack: { from: number; skipFrom?: number }[] = [];
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (json && !inString && c === '"') {
      inString = true;
      i++;
      continue;
    }
    if (json && inString) {
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '"' || c === '\n') {
        inString = false;
        i++;
        continue;
      }
    }
    const d = c === '{' || c === '<' || c === '$' ? delims.find((x) => text.startsWith(x.open, i)) : undefined;
    if (!d) {
      i++;
      continue;
    }
    let end = text.indexOf(d.close, i + d.open.length);
    if (end < 0) {
      // Unclosed: mask to the end of the line.
      end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
    } else end += d.close.length;
    if (d === ENVSUBST && !/^\$\{[A-Za-z_][A-Za-z0-9_]*([:?+=-][^}\n]*)?\}$/.test(text.slice(i, end))) {
      i++;
      continue;
    }
    spans.push({ start: i, end });
    const inner = text
      .slice(i + d.open.length, end - d.close.length)
      .replace(/^[-+=~]?\s*/, '')
      .trim();
    let type = d.type;
    if (d.open === '<%' && text[i + 2] === '=') type = 'value';
    if (d.open === '{{' && (/^\/\*/.test(inner) || OPENS.test(inner) || MIDDLES.test(inner) || CLOSES.test(inner) || /^(template|break|continue)\b/.test(inner))) type = 'statement';
    if (type === 'statement' && d.open !== '{#' && !text.startsWith('<%#', i)) {
      const isErbBlock = d.open === '<%' && /\bdo\s*(\|[^|]*\|)?\s*-?$/.test(inner);
      const isSetBlock = /^set\b/.test(inner) && !inner.includes('=');
      // Puppet EPP writes blocks with braces: `<% if $x { %>`, `<% } else { %>`, `<% } %>`.
      const epp = d.open === '<%' ? inner.replace(/\s*-$/, '') : '';
      const eppOpen = /\{$/.test(epp) && !epp.startsWith('}');
      const eppMiddle = epp.startsWith('}') && /\{$/.test(epp);
      const eppClose = epp.startsWith('}') && !eppMiddle;
      if (eppOpen || (!eppMiddle && !eppClose && (OPENS.test(inner) || isErbBlock || isSetBlock))) stack.push({ from: end });
      else if (eppMiddle || MIDDLES.test(inner)) {
        const top = stack[stack.length - 1];
        if (top && top.skipFrom === undefined) top.skipFrom = end;
      } else if (eppClose || CLOSES.test(inner)) {
        const top = stack.pop();
        if (top) blocks.push({ start: top.from, end: i });
        if (top?.skipFrom !== undefined) blank(top.skipFrom, i);
      }
    }
    if (type === 'value') values.push({ start: i, end });
    if (type === 'statement') blank(i, end);
    else maskValue(out, text, i, end, json && !inString);
    i = end;
  }
  // A branch left open at the end of the file is not read either.
  for (const top of stack) if (top.skipFrom !== undefined) blank(top.skipFrom, text.length);
  blocks.sort((a, b) => a.start - b.start);
  return { masked: spans.length ? out.join('') : text, spans, values, blocks };
}

/**
 * Mask a value the file's own syntax cannot see into. Where JSON wants a value, a string of the same length keeps the
 * tree whole (a value of unknown type); elsewhere it becomes filler, line breaks kept.
 */
function maskValue(out: string[], text: string, start: number, end: number, jsonValue: boolean): void {
  if (jsonValue && end - start >= 2 && !text.slice(start, end).includes('\n')) {
    out[start] = '"';
    for (let k = start + 1; k < end - 1; k++) out[k] = '_';
    out[end - 1] = '"';
  } else for (let k = start; k < end; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = jsonValue ? ' ' : '_';
}

/** Whether a span touches a masked template span (a zero-width span counts when it sits inside one). */
export function touchesMask(spans: readonly Span[] | undefined, s: Span): boolean {
  if (!spans || spans.length === 0) return false;
  // Binary search for the first mask that ends after s.start.
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= s.start) lo = mid + 1;
    else hi = mid;
  }
  const m = spans[lo];
  if (!m) return false;
  return s.end > s.start ? m.start < s.end : m.start <= s.start;
}

/** Whether a span of a file (a value, a key, a word) is a template, or holds one: its value is not known. */
export function isUnknown(file: { template?: TemplateInfo }, s: Span | { offset: number; length: number }): boolean {
  const span = 'start' in s ? s : { start: s.offset, end: s.offset + s.length };
  return touchesMask(file.template?.spans, span);
}

/**
 * Whether a template value stands in `outer` outside every one of `known` (the members the parse did read): there the
 * template writes members of its own (`{ {{ opts | to_json }} }`), so a member that seems absent may be present.
 */
export function holdsUnknown(file: { template?: TemplateInfo }, outer: Span, known: readonly Span[]): boolean {
  for (const v of file.template?.values ?? []) {
    if (v.start < outer.start || v.end > outer.end) continue;
    if (!known.some((k) => k.start <= v.start && v.end <= k.end)) return true;
  }
  return false;
}

/** Whether a span lies inside a block statement of the template (text that may be left out or repeated). */
export function inTemplateBlock(file: { template?: TemplateInfo }, s: Span): boolean {
  return (file.template?.blocks ?? []).some((b) => b.start <= s.start && s.end <= b.end);
}

/**
 * Unknown values that are not template syntax (the `$VAR` and `$(cmd)` of a script's heredoc), masked as a template's
 * values are: the same TemplateInfo, so every rule and the parse treat them alike.
 */
export function maskUnknownValues(text: string, unknown: readonly Span[], kind: string): TemplateInfo | undefined {
  if (!unknown.length) return undefined;
  const json = kind === 'daemon-json';
  const out = text.split('');
  const spans = [...unknown].sort((a, b) => a.start - b.start);
  let inString = false;
  let at = 0;
  for (const s of spans) {
    // Whether the value sits inside a JSON string literal, by the quotes before it.
    for (; at < s.start; at++) {
      if (!json) break;
      if (inString && text[at] === '\\') at++;
      else if (text[at] === '"' || text[at] === '\n') inString = text[at] === '"' ? !inString : false;
    }
    maskValue(out, text, s.start, s.end, json && !inString);
    at = Math.max(at, s.end);
  }
  return { masked: out.join(''), spans, values: spans, blocks: [] };
}
