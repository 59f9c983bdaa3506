// Variable references in Dockerfile words ($NAME, ${NAME}, ${NAME:-word}) and the names a stage has declared, as
// far as the Dockerfile alone tells (the base image's own ENV is unknown here).

import { substitute, type DockerfileModel, type DfInstruction } from '../../parsers/dockerfile';

export interface VarRef {
  name: string;
  /** Span of the whole reference (`${NAME:-x}`) in the word's text. */
  start: number;
  end: number;
  /** `${NAME:-x}` / `${NAME-x}` / `${NAME:+x}` / `${NAME+x}`: a default or alternative is given. */
  modifier: boolean;
}

/** The variables a word refers to, as the frontend expands it: none inside single quotes or after the escape character. */
export function varRefs(s: string, escape: string): VarRef[] {
  const out: VarRef[] = [];
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === escape) {
      i++;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = '';
      continue;
    }
    if (c === "'" && quote === '') {
      quote = "'";
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? '' : '"';
      continue;
    }
    if (c !== '$') continue;
    if (s[i + 1] === '{') {
      const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?][^}]*)?\}/.exec(s.slice(i));
      if (m) {
        out.push({ name: m[1], start: i, end: i + m[0].length, modifier: m[2] !== undefined && !m[2].includes('?') });
        i += m[0].length - 1;
      }
      continue;
    }
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(i));
    if (m) {
      out.push({ name: m[1], start: i, end: i + m[0].length, modifier: false });
      i += m[0].length - 1;
    }
  }
  return out;
}

/** Build arguments every build defines without an ARG line (docker build reference, "Predefined ARGs"). */
export const PROXY_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
/** Build arguments that exist in the global scope of every build: usable in FROM without an ARG line. */
export const PLATFORM_ARGS = ['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'TARGETSTAGE'];
/** Read by BuildKit itself, never put in the environment. */
export const BUILDKIT_ARGS = ['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE'];

/** Names declared by ARG or ENV in one instruction. */
export function declaredNames(ins: DfInstruction): string[] {
  if (ins.keyword === 'ARG') return ins.args.map((a) => a.text.split('=')[0]).filter(Boolean);
  if (ins.keyword !== 'ENV') return [];
  const a = ins.args;
  if (a.length && !a[0].text.includes('=')) return [a[0].text];
  return a.map((w) => w.text.slice(0, Math.max(0, w.text.indexOf('=')))).filter(Boolean);
}

export interface Scope {
  /** Names declared in this stage (and the stages it builds on) before the instruction. */
  names: Set<string>;
  /** True when every variable of the stage is known: its chain of bases ends in `scratch`. */
  complete: boolean;
}

/** The names in scope at `at` (exclusive) in its stage, following `FROM <earlier stage>`. */
export function scopeAt(model: DockerfileModel, at: DfInstruction): Scope {
  const names = new Set<string>(PROXY_ARGS);
  let complete = false;
  const seen = new Set<number>();
  let index: number | undefined = at.stage;
  let stop: DfInstruction | undefined = at;
  while (index !== undefined && index >= 0 && !seen.has(index)) {
    seen.add(index);
    const stage: DockerfileModel["stages"][number] | undefined = model.stages[index];
    if (!stage) break;
    for (const ins of stage.instructions) {
      if (ins === stop) break;
      for (const n of declaredNames(ins)) names.add(n);
    }
    stop = undefined;
    if (stage.from.baseStage === undefined) complete = stage.from.resolved?.trim().toLowerCase() === 'scratch';
    index = stage.from.baseStage;
  }
  return { names, complete };
}

/** Edit distance with swaps of two neighbours as one edit (`PAHT` is one typo from `PATH`), capped at 3. */
export function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 2) return 3;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...Array<number>(n).fill(0)]);
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return Math.min(3, d[m][n]);
}

/**
 * Variables that base images and tool chains commonly set: a reference to one of them is deliberate, not a typo of
 * a name this Dockerfile defines (`$CPATH` is not a misspelt `$PATH`).
 */
export const COMMON_ENV = new Set(['PATH', 'HOME', 'USER', 'SHELL', 'LANG', 'LANGUAGE', 'LC_ALL', 'TERM', 'TZ', 'HOSTNAME', 'PWD', 'CPATH', 'LIBRARY_PATH', 'LD_LIBRARY_PATH', 'LD_PRELOAD', 'PKG_CONFIG_PATH', 'CMAKE_PREFIX_PATH', 'MANPATH', 'INFOPATH', 'PYTHONPATH', 'PYTHONHOME', 'CLASSPATH', 'JAVA_HOME', 'GOPATH', 'GOROOT', 'GOBIN', 'CARGO_HOME', 'RUSTUP_HOME', 'NODE_PATH', 'NODE_OPTIONS', 'PERL5LIB', 'GEM_HOME', 'GEM_PATH', 'BUNDLE_PATH', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'CUDA_HOME', 'CONDA_DIR', 'VIRTUAL_ENV']);

/** The closest known name to a misspelt one: same letters in another case, or one or two edits away in a long name. */
export function suggest(name: string, known: Iterable<string>): string | undefined {
  if (COMMON_ENV.has(name)) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    if (k === name) continue;
    if (k.toLowerCase() === name.toLowerCase()) return k;
    const limit = name.length >= 8 ? 2 : name.length >= 4 ? 1 : 0;
    const d = distance(name, k);
    if (d <= limit && d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/**
 * The global ARG defaults as the builder computes them: one after another, each default expanded with the ones
 * before it (`ARG BASE=$REGISTRY/app`), quotes removed; a name with no default stays undefined.
 */
export function resolvedGlobalArgs(model: DockerfileModel): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const [name, raw] of model.globalArgs) {
    if (raw === undefined) {
      out.set(name, undefined);
      continue;
    }
    const known = new Map([...out].filter((e): e is [string, string] => e[1] !== undefined));
    const expanded = substitute(raw, known) ?? substitute(raw, new Map([...known, ...[...out.keys(), ...varRefs(raw, '\\').map((r) => r.name)].filter((k) => !known.has(k)).map((k) => [k, ''] as [string, string])])) ?? raw;
    out.set(name, expanded.replace(/"([^"]*)"|'([^']*)'/g, '$1$2'));
  }
  return out;
}
