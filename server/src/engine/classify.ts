// path (+ content when the name alone cannot tell) -> the kind of file, or undefined when shipshape has nothing to say.
// The table in RULES.md ("File kinds and how they are recognised") is the specification.

import { templateInner } from './template';

export const FILE_KINDS = [
  'daemon-json',
  'daemon-config-other',
  'systemd-unit',
  'sysconfig-env',
  'compose',
  'env-file',
  'crontab',
  'ci',
  'shell',
  'dockerfile',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** What a path alone says: a kind, "look at the content", or nothing. */
export type PathVerdict = FileKind | 'sniff' | undefined;

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

function parentName(p: string): string {
  const parts = p.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

const COMPOSE_NAME = /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i;
const CI_PATHS: RegExp[] = [
  /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/,
  /(^|\/)([^/]+\.)?\.?gitlab-ci\.ya?ml$/,
  /(^|\/)Jenkinsfile([.-][^/]*)?$/,
  /(^|\/)[^/]+\.jenkinsfile$/i,
  /(^|\/)azure-pipelines([.-][^/]*)?\.ya?ml$/,
  /(^|\/)\.circleci\/config\.ya?ml$/,
  /(^|\/)bitbucket-pipelines\.ya?ml$/,
];
const SHELL_SHEBANG = /^#!\s*(\/usr)?\/bin\/(env\s+)?(-S\s+)?(ba|da|z|k|a)?sh(\s|$)/;

/** Classify from the path alone. Paths use `/`. */
export function classifyPath(path: string): PathVerdict {
  const p = path.replace(/\\/g, '/');
  // A template (`daemon.json.j2`, `docker.service.tmpl`) is the file named under its suffix; a `.conf` or `.json`
  // template outside its usual folder (an Ansible role's templates/) is told by its content.
  const inner = templateInner(p);
  if (inner !== undefined) return classifyPath(inner) ?? (/\.(conf|json)$/.test(inner) ? 'sniff' : undefined);
  const b = basename(p);
  const lower = b.toLowerCase();

  if (lower.endsWith('.dockerignore')) return undefined;
  if (b === 'daemon.json' || b.endsWith('.daemon.json')) return 'daemon-json';
  if (/^daemon\.(ya?ml|conf|toml|jsonc|json5)$/.test(b) && /(^|\/)docker\//.test(p)) return 'daemon-config-other';
  // Elsewhere a daemon.yaml may belong to any program: only daemon settings in it make it ours (see classifyContent).
  if (/^daemon\.ya?ml$/.test(b)) return 'sniff';

  if (/\.(service|socket|timer)$/.test(b)) return 'systemd-unit';
  if (b.endsWith('.conf') && /\.(service|socket|timer)\.d$/.test(parentName(p))) return 'systemd-unit';

  if (/(^|\/)(etc\/)?sysconfig\/docker[^/]*$/.test(p) && !b.includes('.')) return 'sysconfig-env';
  if (/(^|\/)etc\/default\/docker$/.test(p)) return 'sysconfig-env';

  for (const re of CI_PATHS) if (re.test(p)) return 'ci';
  if (COMPOSE_NAME.test(b)) return 'compose';

  if (b === '.env' || lower.endsWith('.env') || b.startsWith('.env.')) return 'env-file';

  if (b === 'crontab' || lower.endsWith('.crontab') || lower.endsWith('.cron')) return 'crontab';
  if (/(^|\/)etc\/cron\.d\/[^/]+$/.test(p) && !b.startsWith('.') && !/\.(dpkg-[a-z]+|rpm[a-z]+|swp|bak)$/.test(b)) return 'crontab';
  if (/(^|\/)var\/spool\/cron\/(.+\/)?[^/]+$/.test(p) && !b.startsWith('.')) return 'crontab';

  if (lower === 'dockerfile' || lower === 'containerfile' || lower.endsWith('.dockerfile') || lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) return 'dockerfile';

  if (/\.(sh|bash)$/.test(b)) return 'shell';

  if (/\.ya?ml$/.test(b)) return 'sniff';
  if (/\.json$/.test(b) && /(^|\/)etc\/docker\//.test(p)) return 'sniff';
  if (!b.includes('.')) return 'sniff';
  return undefined;
}

/** Content checks for the paths classifyPath could not decide. Reads only the start of the text. */
export function classifyContent(path: string, text: string, knownDaemonKeys: ReadonlySet<string>): FileKind | undefined {
  const p0 = path.replace(/\\/g, '/');
  const inner = templateInner(p0);
  const p = inner ?? p0;
  const b = basename(p);
  if (inner !== undefined && /\.conf$/.test(b)) return /^\[(Unit|Service|Socket)\][ \t]*$/m.test(text) && /\bdocker/.test(text) ? 'systemd-unit' : undefined;
  if (inner !== undefined && /\.json$/.test(b) && !/(^|\/)etc\/docker\//.test(p)) return /daemon|docker/i.test(b) && countDaemonKeys(text, knownDaemonKeys) >= 2 ? 'daemon-json' : undefined;
  if (/^daemon\.ya?ml$/.test(b)) return countDaemonKeys(text, knownDaemonKeys, /^["']?([a-z0-9-]+)["']?[ \t]*:/gm) >= 2 ? 'daemon-config-other' : undefined;
  if (/\.ya?ml$/.test(b)) return looksLikeCompose(text) ? 'compose' : undefined;
  if (/\.json$/.test(b)) return countDaemonKeys(text, knownDaemonKeys) >= 2 ? 'daemon-json' : undefined;
  if (!b.includes('.')) return SHELL_SHEBANG.test(text.slice(0, 200)) ? 'shell' : undefined;
  return undefined;
}

export function classify(path: string, text: string, knownDaemonKeys: ReadonlySet<string>): FileKind | undefined {
  const v = classifyPath(path);
  if (v === 'sniff') return classifyContent(path, text, knownDaemonKeys);
  return v;
}

/** A top-level `services:` mapping whose entries carry `image:` or `build:`. */
export function looksLikeCompose(text: string): boolean {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const m = /^services:[ \t]*(#.*)?$/m.exec(head);
  if (!m) return false;
  return /^[ \t]+(image|build):/m.test(head.slice(m.index));
}

function countDaemonKeys(text: string, keys: ReadonlySet<string>, re: RegExp = /"([a-z0-9-]+)"\s*:/g): number {
  let n = 0;
  let m: RegExpExecArray | null;
  const seen = new Set<string>();
  const head = text.length > 100_000 ? text.slice(0, 100_000) : text;
  while ((m = re.exec(head)) && n < 2) {
    if (keys.has(m[1]) && !seen.has(m[1])) {
      seen.add(m[1]);
      n++;
    }
  }
  return n;
}

/** How a kind writes a full-line comment, for suppression comments and fixture expectations. */
export function commentPrefixes(kind: FileKind, path: string): string[] {
  switch (kind) {
    case 'daemon-json':
      return []; // strict JSON: dockerd rejects comments, so no inline suppression is possible there
    case 'systemd-unit':
      return ['#', ';'];
    case 'ci':
      return /Jenkinsfile|\.jenkinsfile$/i.test(path) ? ['//'] : ['#'];
    default:
      return ['#'];
  }
}
