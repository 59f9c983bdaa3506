// Compose variable interpolation (compose-go template): `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
// `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}`, `${VAR+replacement}`, nested in defaults, and `$$` for a
// literal `$`. Pure and total: malformed templates are kept as written.

export interface Interpolated {
  value: string;
  /** Variables used with no value and no default (Compose substitutes an empty string and warns). */
  unresolved: string[];
  /** Whether the text held any substitution at all. */
  hasVariables: boolean;
}

export type Lookup = (name: string) => string | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Whether a string holds a `$` substitution (not just `$$`). */
export function hasInterpolation(s: string): boolean {
  return /\$(?!\$)(\{|[A-Za-z_])/.test(s.replace(/\$\$/g, ''));
}

export function interpolate(input: string, lookup: Lookup, depth = 0): Interpolated {
  const unresolved: string[] = [];
  let hasVariables = false;
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(input, i + 1);
      if (close < 0 || depth > 20) {
        out += input.slice(i);
        break;
      }
      hasVariables = true;
      const body = input.slice(i + 2, close);
      const m = NAME.exec(body);
      if (!m) {
        out += input.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      const name = m[0];
      const rest = body.slice(name.length);
      const val = lookup(name);
      const sub = (s: string) => {
        const r = interpolate(s, lookup, depth + 1);
        unresolved.push(...r.unresolved);
        return r.value;
      };
      if (rest === '') {
        if (val === undefined) unresolved.push(name);
        out += val ?? '';
      } else if (rest.startsWith(':-')) out += val ? val : sub(rest.slice(2));
      else if (rest.startsWith('-')) out += val !== undefined ? val : sub(rest.slice(1));
      else if (rest.startsWith(':?') || rest.startsWith('?')) {
        if (val === undefined || (rest[0] === ':' && val === '')) unresolved.push(name);
        out += val ?? '';
      } else if (rest.startsWith(':+')) out += val ? sub(rest.slice(2)) : '';
      else if (rest.startsWith('+')) out += val !== undefined ? sub(rest.slice(1)) : '';
      else out += input.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(input.slice(i + 1));
    if (m) {
      hasVariables = true;
      const val = lookup(m[0]);
      if (val === undefined) unresolved.push(m[0]);
      out += val ?? '';
      i += 1 + m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return { value: out, unresolved, hasVariables };
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
