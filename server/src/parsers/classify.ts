// path (+ content when the name alone cannot tell) -> the kind of file, or undefined when shipshape has nothing to say.
// The table in RULES.md ("File kinds and how they are recognised") is the specification.

import { SERVICE_PROPS, TOP_LEVEL_PROPS, V1_ONLY_SERVICE_KEYS } from '../knowledge/compose-spec';
import { MENTIONS_WRITTEN } from '../core/embedded-files';
import { templateInner } from '../core/template';
import type { FileKind } from '../core/kinds';

export { FILE_KINDS, type FileKind } from '../core/kinds';

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
const SHELL_SHEBANG = /^#!\s*(\/[^\s/]+)*\/(env\s+)?(-S\s+)?(ba|da|z|k|a|mk)?sh(\s|$)/;
/** Git hooks: run by git (and by GUI clients) as programs; hook managers' folders hold shell. */
const GIT_HOOK = /(^|\/)(\.git\/hooks|\.githooks|\.husky)\/[^/.]+$/;
/** Files whose commands a tool runs: hook managers, task runners (package.json and composer.json are sniffed). */
const TASK_RUNNER = /^(\.?lefthook(-local)?\.ya?ml|\.pre-commit-config\.ya?ml|[Tt]askfile(\.dist)?\.ya?ml|\.?[Jj]ustfile|[^/]+\.just)$/;

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
  if (GIT_HOOK.test(p)) return 'shell';
  if (TASK_RUNNER.test(b)) return 'task-runner';
  // Read only for the `docker compose` commands of its recipes (see makefile.ts), not linted as shell.
  if (b === 'Makefile' || b === 'makefile' || b === 'GNUmakefile') return 'task-runner';
  if (b === 'package.json' || b === 'composer.json') return /(^|\/)(node_modules|vendor)\//.test(p) ? undefined : 'sniff';

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
  if (/\.ya?ml$/.test(b)) return looksLikeCompose(text) ? 'compose' : looksLikeProvisioning(text) ? 'provisioning' : undefined;
  if (b === 'package.json' || b === 'composer.json') return /"scripts"\s*:/.test(text) ? 'task-runner' : undefined;
  if (/\.json$/.test(b)) return countDaemonKeys(text, knownDaemonKeys) >= 2 ? 'daemon-json' : undefined;
  if (!b.includes('.')) {
    if (SHELL_SHEBANG.test(text.slice(0, 200))) return 'shell';
    return /^#cloud-config\b/.test(text) && looksLikeProvisioning(text) ? 'provisioning' : undefined;
  }
  return undefined;
}

export function classify(path: string, text: string, knownDaemonKeys: ReadonlySet<string>): FileKind | undefined {
  const v = classifyPath(path);
  if (v === 'sniff') return classifyContent(path, text, knownDaemonKeys);
  return v;
}

/** Whether a YAML text is a cloud-config or Ansible tasks that write one of the files shipshape reads. */
export function looksLikeProvisioning(text: string): boolean {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (!MENTIONS_WRITTEN.test(head)) return false;
  if (/^#cloud-config\b/.test(head)) return true;
  return /^[ \t-]*(dest|path):/m.test(head) && /^[ \t-]*(content|block|line):/m.test(head);
}

/**
 * A compose file by its content: a top-level `services:` mapping whose entries look like services (a string
 * `image:`, a `build:`, and otherwise at least half service keys such as `ports`, `environment`, `volumes`), in a file
 * whose other top-level keys are mostly Compose's own. Files of other kinds that have a `services:` key are told
 * apart by that: a Kubernetes manifest (`apiVersion`/`kind`), a GitHub workflow (`on`/`jobs`), GitLab CI or
 * Travis (`services:` as a list), an Ansible playbook (a list at the top), Helm values (`image:` as a mapping, and
 * many keys of their own).
 */
export function looksLikeCompose(text: string): boolean {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (!/^services:[ \t]*(#.*)?$/m.test(head)) return false;
  // Read the outline from the indentation alone, without parsing: this runs on every YAML file of a workspace.
  const top: string[] = [];
  const services: { keys: string[]; image: boolean }[] = [];
  let inServices = false;
  let entryIndent = -1;
  let keyIndent = -1;
  for (const line of head.split('\n')) {
    if (/^\s*(#|$)/.test(line) || line.startsWith('---') || line.startsWith('...')) continue;
    const indent = line.length - line.trimStart().length;
    const m = /^\s*(?:"([^"]*)"|'([^']*)'|([^\s:#'"][^:#]*?))\s*:(?:\s+(.*?))?\s*$/.exec(line);
    const key = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
    if (indent === 0) {
      if (line.startsWith('- ')) return false; // a list at the top: an Ansible playbook, not a compose file
      if (key === undefined) continue;
      top.push(key);
      inServices = key === 'services';
      entryIndent = keyIndent = -1;
      continue;
    }
    if (!inServices || key === undefined) {
      if (inServices && entryIndent < 0 && line.trimStart().startsWith('- ')) inServices = false; // `services:` as a list
      continue;
    }
    if (entryIndent < 0) entryIndent = indent;
    if (indent === entryIndent) {
      services.push({ keys: [], image: false });
      keyIndent = -1;
    } else if (indent > entryIndent && services.length) {
      if (keyIndent < 0) keyIndent = indent;
      if (indent !== keyIndent) continue;
      const svc = services[services.length - 1];
      svc.keys.push(key);
      const value = (m![4] ?? '').replace(/\s+#.*$/, '');
      // A string image (not a mapping under it, as Helm values have), or a build in either form.
      if ((key === 'image' && value !== '' && !value.startsWith('{')) || key === 'build') svc.image = true;
    }
  }
  if (top.includes('apiVersion') || (top.includes('on') && top.includes('jobs'))) return false;
  const foreign = top.filter((k) => !COMPOSE_TOP_LEVEL.has(k) && !k.startsWith('x-'));
  if (foreign.length > Math.max(1, top.length / 3)) return false;
  let known = 0;
  let total = 0;
  for (const svc of services)
    for (const k of svc.keys) {
      total++;
      if (COMPOSE_SERVICE_KEYS.has(k) || k.startsWith('x-') || k === '<<') known++;
    }
  // Half, not all: misspelt keys are compose-schema's to report.
  return services.some((svc) => svc.image) && known >= total * 0.5;
}

/**
 * A YAML file a `docker compose -f` of the workspace names, whatever its name: a compose file when it is a mapping
 * whose top-level keys are Compose's own (`services`, `networks`, `volumes`… and `x-` extensions), one of them
 * `services` as a mapping or another of Compose's sections. An override merged after the base file needs no
 * `image:` (`services: {web: {ports: [...]}}`), so this asks less of the services than looksLikeCompose does.
 */
export function looksLikeComposeChainFile(text: string): boolean {
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  let known = 0;
  for (const line of head.split('\n')) {
    if (/^\s*(#|$)/.test(line) || line.startsWith('---') || line.startsWith('...') || /^[ \t]/.test(line)) continue;
    if (line.startsWith('- ')) return false; // a list at the top
    const m = /^(?:"([^"]*)"|'([^']*)'|([^\s:#'"][^:#]*?))\s*:(?:\s+(.*?))?\s*$/.exec(line);
    const key = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
    if (key === undefined) return false;
    if (key.startsWith('x-')) continue;
    if (!COMPOSE_TOP_LEVEL.has(key)) return false;
    // `services: []` or a scalar is no compose section.
    const value = (m![4] ?? '').replace(/\s+#.*$/, '');
    if (key === 'services' && value !== '' && !value.startsWith('{')) return false;
    if (key !== 'version' && key !== 'name') known++;
  }
  return known > 0;
}

const COMPOSE_TOP_LEVEL: ReadonlySet<string> = new Set(Object.keys(TOP_LEVEL_PROPS));
const COMPOSE_SERVICE_KEYS: ReadonlySet<string> = new Set([...Object.keys(SERVICE_PROPS), ...V1_ONLY_SERVICE_KEYS]);

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
    case 'task-runner':
      return /\.json$/.test(path) ? [] : ['#'];
    default:
      return ['#'];
  }
}
