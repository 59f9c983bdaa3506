import { defineRule, type SourceFile, type WorkspaceRuleContext } from '../../model/rule';
import type { Fix, Span } from '../../core/finding';
import { IMAGE_DEFAULT_PORTS, PUBLIC_URL_VARIABLE, imageName } from '../../knowledge/compose-images';
import { isMap, isScalar, scalarString, spanOf, valueOffsets, type Scalar } from '../../parsers/compose';
import { appendToBlockMap } from './_edit';
import { joinPath, eachProject, type ComposeProject, type ProjectFile, type ProjectService } from './_project';
import { parsePortItem, targetPorts } from './_ports';
import { itemsOf, mergedRuns, onceEach, textOf, type Merged } from './_merge';
import { LAUNCHER_KINDS } from './_launches';
import { envFileValues, parseEnvFile } from '../../parsers/env-file';

const LOCAL_HOST = /(?<![\w.-])(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(?![\w.-])/gi;

export default defineRule({
  meta: {
    id: 'compose-container-localhost',
    kinds: ['compose', 'env-file', ...LAUNCHER_KINDS], // scripts' -f chains decide which files merge
    scope: 'workspace',
    severity: 'warning',
    summary: 'A service reaches localhost for something that runs in another container or on the host',
    symptom: 'connect ECONNREFUSED 127.0.0.1:5432; nginx "502 Bad Gateway" with "connect() failed (111: Connection refused) while connecting to upstream"',
    type: 'problem',
    fix: 'sometimes',
    messages: {
      env: '"{host}:{port}" in {key} points at service "{service}" itself: inside a container localhost is the container, so this fails with "Connection refused". Service "{target}" listens on {port}: use `{target}:{port}`.',
      nginx:
        'This mounts {conf}, whose `proxy_pass {url}` (line {line}) sends requests to the nginx container itself: nginx answers "502 Bad Gateway" ("connect() failed (111: Connection refused) while connecting to upstream"). {advice}',
      upstream:
        'This mounts {conf}, whose `upstream {name}` has `server {host}:{port}` (line {line}), the nginx container itself: nginx answers "502 Bad Gateway" ("connect() failed (111: Connection refused) while connecting to upstream"). Service "{target}" listens on {port}: use `server {target}:{port};`.',
      envFile:
        '"{host}:{port}" in {key} points at the container itself: service "{service}" reads this file through `env_file`, and inside a container localhost is the container, so this fails with "Connection refused". Service "{target}" listens on {port}: use `{target}:{port}`.',
      envFileOutside:
        '{file} (line {line}) sets {key} to "{host}:{port}", which points at service "{service}" itself: inside a container localhost is the container, so this fails with "Connection refused". Service "{target}" listens on {port}: use `{target}:{port}` there.',
    },
  },
  check(ctx) {
    eachProject(ctx, 'compose-container-localhost', [], (project, report) => checkProject({ ...ctx, report }, project));
  },
});

/** A service key's merged value in one run of the project. */
type Value = (svc: ProjectService, key: string) => Merged | undefined;

/** Each run of the project (the default files, each `-f` file on top of them) as its files merge the services. */
function checkProject(ctx: WorkspaceRuleContext, project: ComposeProject): void {
  const report = onceEach(ctx.report);
  for (const run of mergedRuns(ctx.workspace, ctx.parse, project)) {
    const value: Value = (svc, key) => run.services.get(svc.name)?.root?.entries?.get(key);
    checkRun({ ...ctx, report }, project, value, (svc) => run.services.get(svc.name)?.root !== undefined);
  }
}

function checkRun(ctx: WorkspaceRuleContext, project: ComposeProject, value: Value, inRun: (svc: ProjectService) => boolean): void {
  const modes = new Map<string, string>();
  for (const svc of project.services.values()) {
    const mode = textOf(value(svc, 'network_mode'));
    if (mode !== undefined) modes.set(svc.name, mode);
  }
  const all = new Map<number, string[]>();
  for (const svc of project.services.values()) {
    for (const port of listeningPorts(project, svc, value)) {
      const names = all.get(port);
      if (names) names.push(svc.name);
      else all.set(port, [svc.name]);
    }
  }
  // Who reads each env file: one file shared by several services often names one of them by localhost.
  const readers = new Map<string, string[]>();
  for (const svc of project.services.values())
    for (const { pf, ef } of envFilesOf(svc, value)) {
      const path = joinPath(pf.model.dir, ef.path);
      readers.set(path, [...(readers.get(path) ?? []), svc.name]);
    }
  for (const svc of project.services.values()) {
    if (!inRun(svc)) continue;
    const mode = modes.get(svc.name);
    if (mode && mode !== 'bridge' && !mode.startsWith('$')) continue; // host, service:x, container:x share a network stack
    // Services with `network_mode: service:<this one>` share this container's localhost: not elsewhere.
    // Worked out only for a port a finding candidate names.
    const listeners = (port: number) => (all.get(port) ?? []).filter((n) => modes.get(n) !== `service:${svc.name}`);
    checkEnvironment(ctx, svc, value, listeners);
    checkEnvFiles(ctx, svc, envFilesOf(svc, value), listeners, readers);
    checkNginx(ctx, svc, value, listeners);
  }
}

function listeningPorts(project: ComposeProject, svc: ProjectService, value: Value): Set<number> {
  const out = new Set<number>();
  const image = textOf(value(svc, 'image'));
  if (image !== undefined) {
    const name = imageName(image);
    for (const k of IMAGE_DEFAULT_PORTS) if (k.pattern.test(name)) k.ports.forEach((p) => out.add(p));
  }
  for (const it of itemsOf(value(svc, 'ports'))) {
    const b = parsePortItem(it.r, it.node, project.lookup);
    if (b) targetPorts(b).forEach((p) => out.add(p));
  }
  for (const it of itemsOf(value(svc, 'expose'))) {
    const n = Number(textOf(it)?.split('/')[0]);
    if (Number.isInteger(n)) out.add(n);
  }
  return out;
}

/** The merged `environment:` (an override's value for a key wins), each variable with the node and file that set it. */
function checkEnvironment(ctx: WorkspaceRuleContext, svc: ProjectService, value: Value, listeners: (port: number) => string[]): void {
  const vars: { key: string; value: string; node: Scalar; valueStart: number; file: SourceFile }[] = [];
  for (const it of itemsOf(value(svc, 'environment'))) {
    const node = it.node;
    if (!isScalar(node) || typeof node.value !== 'string') continue;
    if (it.keyNode) {
      if (it.key) vars.push({ key: it.key, value: node.value, node, valueStart: 0, file: it.pf.file });
      continue;
    }
    const eq = node.value.indexOf('=');
    if (eq > 0) vars.push({ key: node.value.slice(0, eq), value: node.value.slice(eq + 1), node, valueStart: eq + 1, file: it.pf.file });
  }
  const byKey = new Map(vars.map((v) => [v.key, v.value]));
  for (const v of vars) {
    if (PUBLIC_URL_VARIABLE.test(v.key)) continue;
    for (const t of localTargets(v.key, v.value, byKey)) {
      const targets = listeners(t.port).filter((s) => s !== svc.name);
      if (targets.length === 0) continue;
      const target = targets[0];
      const range = locate(v.file.text, v.node, v.valueStart + t.index, v.valueStart + t.index + t.host.length);
      ctx.report({
        messageId: 'env',
        data: { host: t.host, port: t.port, key: v.key, service: svc.name, target },
        file: v.file.path,
        range,
        fixes: range.end - range.start === t.host.length ? [{ title: `Use the service name \`${target}\``, safety: 'unsafe', edits: [{ file: v.file.path, range, newText: target }] }] : undefined,
      });
    }
  }
}

/** A localhost URL (or `X_HOST=localhost` beside `X_PORT=…`) in a variable, with the port it names. */
function localTargets(key: string, value: string, byKey: Map<string, string>): { host: string; index: number; port: number }[] {
  const out: { host: string; index: number; port: number }[] = [];
  LOCAL_HOST.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LOCAL_HOST.exec(value))) {
    let port = m[2] ? Number(m[2]) : undefined;
    if (port === undefined && /HOST$/i.test(key) && value.trim() === m[1]) {
      const p = byKey.get(key.replace(/HOST$/i, 'PORT')) ?? byKey.get(key.replace(/_HOST$/i, '_PORT'));
      if (p && /^\d+$/.test(p)) port = Number(p);
    }
    if (port !== undefined) out.push({ host: m[1], index: m.index, port });
  }
  return out;
}

type EnvFileUse = { pf: ProjectFile; ef: ProjectFile['model']['envFiles'][number] };

/** The env files a service reads in a run: the merged `env_file:` (by path; an override's `!reset` drops the base's). */
function envFilesOf(svc: ProjectService, value: Value): EnvFileUse[] {
  const at = new Set<string>();
  for (const it of itemsOf(value(svc, 'env_file'))) {
    const node = it.entries ? it.entries.get('path')?.node : it.node;
    if (node) at.add(`${it.pf.file.path}\u0000${spanOf(node).start}`);
  }
  const out: EnvFileUse[] = [];
  for (const def of svc.defs) for (const ef of def.pf.model.envFiles) if (ef.service === svc.name && at.has(`${def.pf.file.path}\u0000${ef.span.start}`)) out.push({ pf: def.pf, ef });
  return out;
}

/**
 * Files a service reads with `env_file:`, read from the workspace or the disk. A file that is linted gets the finding
 * (with a fix); one that is not, on the `env_file` entry that names it.
 */
function checkEnvFiles(ctx: WorkspaceRuleContext, svc: ProjectService, envFiles: EnvFileUse[], listeners: (port: number) => string[], readers: Map<string, string[]>): void {
  const ws = ctx.workspace;
  for (const def of envFiles) {
    const ef = def.ef;
    if (ef.path.includes('$') || (ef.format && ef.format !== 'compose')) continue;
    const path = joinPath(def.pf.model.dir, ef.path);
    const linted = ws.get(path);
    const text = linted?.text ?? ws.fs.readText(path);
    if (text === undefined) continue;
    const model = linted && linted.kind === 'env-file' ? ctx.parse('env-file', linted) : parseEnvFile(text);
    const byKey = envFileValues(model);
    const sharedWith = readers.get(path) ?? [svc.name];
    for (const e of model.entries) {
      if (e.value === undefined || !e.valueSpan || PUBLIC_URL_VARIABLE.test(e.key)) continue;
      for (const t of localTargets(e.key, e.value, byKey)) {
        const all = listeners(t.port);
        // A service that reads the file listens on the port: the URL is its own address.
        if (all.some((s) => sharedWith.includes(s))) continue;
        const targets = all.filter((s) => s !== svc.name);
        if (!targets.length) continue;
        const target = targets[0];
        // The host's characters in the file, when the value is written as it reads (no escapes before it).
        const raw = text.slice(e.valueSpan.start, e.valueSpan.end);
        const inner = e.quote ? raw.slice(1, -1) : raw;
        const at = inner.slice(0, t.index + t.host.length) === e.value.slice(0, t.index + t.host.length) ? e.valueSpan.start + (e.quote ? 1 : 0) + t.index : undefined;
        const data = { host: t.host, port: t.port, key: e.key, service: svc.name, target };
        if (linted && at !== undefined) {
          const range = { start: at, end: at + t.host.length };
          ctx.report({
            messageId: 'envFile',
            data,
            file: path,
            range,
            related: [{ file: def.pf.file.path, range: ef.span, message: `service "${svc.name}" reads ${ef.path}` }],
            fixes: [{ title: `Use the service name \`${target}\``, safety: 'unsafe', edits: [{ file: path, range, newText: target }] }],
          });
        } else {
          const line = text.slice(0, e.keySpan.start).split('\n').length;
          ctx.report({ messageId: 'envFileOutside', data: { ...data, file: ef.path, line }, file: def.pf.file.path, range: ef.span });
        }
      }
    }
  }
}

function locate(text: string, node: Scalar, start: number, end: number): Span {
  const offsets = valueOffsets(text, node);
  return offsets ? { start: offsets[start], end: offsets[end] } : spanOf(node);
}

const PROXY_PASS = /\bproxy_pass\s+(https?:\/\/)(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?([^;\s]*)\s*;/g;

/** Config folders mounted under /etc/nginx: the merged `volumes:` (an override's mount for a target wins). */
function checkNginx(ctx: WorkspaceRuleContext, svc: ProjectService, value: Value, listeners: (port: number) => string[]): void {
  const fs = ctx.workspace.fs;
  const gateway = itemsOf(value(svc, 'extra_hosts')).some((x) => (x.keyNode ? x.key === 'host.docker.internal' : !!textOf(x)?.startsWith('host.docker.internal')));
  for (const vol of itemsOf(value(svc, 'volumes'))) {
    const v = vol.node;
    const r = vol.r;
    const def = svc.defs.find((d) => d.pf.file === vol.pf.file) ?? svc.defs[0];
    let source: string | undefined;
    let target: string | undefined;
    if (isScalar(v)) [source, target] = scalarString(v).split(':');
    else if (isMap(v)) {
      source = r.str(v, 'source');
      target = r.str(v, 'target');
    }
    if (!source || !target || !/^\/etc\/nginx(\/|$)/.test(target) || !/^[.~/]/.test(source) || source.includes('$')) continue;
    const abs = joinPath(vol.pf.model.dir, source);
    const files = fs.isDirectory(abs) ? fs.readdir(abs).filter((n) => n.endsWith('.conf')).map((n) => `${abs}/${n}`) : [abs];
    for (const conf of files) {
      const text = ctx.workspace.get(conf)?.text ?? fs.readText(conf);
      if (text === undefined) continue;
      for (const u of localUpstreams(text)) {
        const targets = listeners(u.port).filter((s) => s !== svc.name);
        if (!targets.length) continue;
        ctx.report({
          messageId: 'upstream',
          data: { conf: source, name: u.name, host: u.host, port: u.port, line: text.slice(0, u.span.start).split('\n').length, target: targets[0] },
          file: vol.pf.file.path,
          range: spanOf(v),
          related: [{ file: conf, range: u.span, message: `server ${u.host}:${u.port}` }],
          fixes: [{ title: `Use \`${targets[0]}\``, safety: 'unsafe', edits: [{ file: conf, range: u.span, newText: targets[0] }] }],
        });
      }
      PROXY_PASS.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = PROXY_PASS.exec(text))) {
        const hostStart = m.index + m[0].indexOf(m[1]) + m[1].length;
        const hostSpan = { start: hostStart, end: hostStart + m[2].length };
        if (isCommented(text, m.index)) continue;
        const port = m[3] ? Number(m[3]) : m[1] === 'https://' ? 443 : 80;
        const targets = listeners(port).filter((s) => s !== svc.name);
        const line = text.slice(0, m.index).split('\n').length;
        const url = `${m[1]}${m[2]}${m[3] ? ':' + m[3] : ''}${m[4]}`;
        let advice: string;
        let fix: Fix;
        if (targets.length) {
          advice = `Service "${targets[0]}" listens on ${port}: proxy to \`${m[1]}${targets[0]}:${port}\`.`;
          fix = { title: `Proxy to \`${targets[0]}\``, safety: 'unsafe', edits: [{ file: conf, range: hostSpan, newText: targets[0] }] };
        } else {
          advice = 'If the upstream runs on the Docker host, proxy to `host.docker.internal` and add `extra_hosts: ["host.docker.internal:host-gateway"]`.';
          const extra = gateway || !def?.svc.node ? undefined : appendToBlockMap(def.pf.file.path, def.pf.file.text, def.svc.node, ['extra_hosts:', '  - "host.docker.internal:host-gateway"']);
          fix = { title: 'Proxy to `host.docker.internal` and add the host-gateway entry', safety: 'unsafe', edits: [{ file: conf, range: hostSpan, newText: 'host.docker.internal' }, ...(extra ? [extra] : [])] };
        }
        ctx.report({
          messageId: 'nginx',
          data: { conf: source, url, line, advice },
          file: vol.pf.file.path,
          range: spanOf(v),
          related: [{ file: conf, range: hostSpan, message: `proxy_pass ${url}` }],
          fixes: [fix],
        });
      }
    }
  }
}

const UPSTREAM = /\bupstream\s+([\w.-]+)\s*\{([^{}]*)\}/g;
const UPSTREAM_SERVER = /(^|[\s;{])server\s+(localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(?=[\s;])/g;

/** `server localhost:PORT` lines of nginx `upstream` blocks (port 80 when none is given); the span is the host. */
function localUpstreams(text: string): { name: string; host: string; port: number; span: Span }[] {
  const out: { name: string; host: string; port: number; span: Span }[] = [];
  UPSTREAM.lastIndex = 0;
  let u: RegExpExecArray | null;
  while ((u = UPSTREAM.exec(text))) {
    if (isCommented(text, u.index)) continue;
    const bodyStart = u.index + u[0].indexOf('{') + 1;
    UPSTREAM_SERVER.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = UPSTREAM_SERVER.exec(u[2]))) {
      const start = bodyStart + m.index + m[1].length + m[0].slice(m[1].length).indexOf(m[2]);
      if (isCommented(text, start)) continue;
      out.push({ name: u[1], host: m[2], port: m[3] ? Number(m[3]) : 80, span: { start, end: start + m[2].length } });
    }
  }
  return out;
}

function isCommented(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && text[i - 1] !== '\n') i--;
  return text.slice(i, at).includes('#');
}
