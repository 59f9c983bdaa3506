import { defineRule } from '../../model/rule';
import type { Span } from '../../core/finding';
import { Resolver, isMap, isScalar, isSeq, keyString, scalarString, spanOf, valueOffsets, type Node, type YAMLMap } from '../../parsers/compose';
import { hasInterpolation } from '../../parsers/interpolate';
import { COMPOSE_CLI_VARIABLES } from '../../knowledge/compose-spec';

export default defineRule({
  meta: {
    id: 'compose-project-name-in-environment',
    kinds: ['compose'],
    scope: 'file',
    severity: 'warning',
    summary: '`COMPOSE_PROJECT_NAME` (or another variable Compose itself reads) set under a service\'s `environment:`, where it configures nothing',
    symptom: 'The project keeps the folder\'s name: containers, networks and volumes are named after the folder, and a second checkout with the same folder name takes them over',
    type: 'problem',
    fix: 'none',
    messages: {
      cliVariable:
        '`{name}` under `environment:` of service "{service}" only sets a variable inside the container; Compose never reads it from there, so {effect}. {instead}',
    },
  },
  check(ctx) {
    const model = ctx.parse('compose');
    if (!model.doc) return;
    const r = new Resolver(model.doc);
    for (const svc of model.services) {
      if (!svc.node) continue;
      // Only the variables Compose reads are looked at (most services set none), and only then what the service runs.
      const found = variables(ctx.file.text, r, r.value(svc.node, 'environment'));
      if (!found.length || runsCompose(r, svc.node)) continue;
      for (const { name, span } of found) {
        const known = COMPOSE_CLI_VARIABLES[name];
        ctx.report({ messageId: 'cliVariable', data: { name, service: svc.name, effect: known.effect, instead: known.instead }, range: span });
      }
    }
  },
});

/**
 * The variables of an `environment:` block (map or list form) that Compose itself reads and that set a value of their
 * own, with the spans of their names. A variable passed through (`KEY`, `KEY:` with no value, `KEY=${KEY}`) hands the
 * container Compose's own value on purpose.
 */
function variables(text: string, r: Resolver, env: Node | undefined): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  if (isMap(env)) {
    for (const p of r.entries(env)) {
      const k = keyString(p);
      if (k === undefined || !COMPOSE_CLI_VARIABLES[k]) continue;
      const v = r.resolve(p.value as Node | null);
      if (!isScalar(v) || v.value === null || hasInterpolation(scalarString(v))) continue;
      out.push({ name: k, span: spanOf(p.key as Node) });
    }
  } else if (isSeq(env)) {
    for (const it of r.items(env)) {
      if (!isScalar(it) || typeof it.value !== 'string') continue;
      const eq = it.value.indexOf('=');
      if (eq < 0) continue;
      const name = it.value.slice(0, eq);
      if (!COMPOSE_CLI_VARIABLES[name] || hasInterpolation(it.value.slice(eq + 1))) continue;
      const offsets = valueOffsets(text, it);
      out.push({ name, span: offsets ? { start: offsets[0], end: offsets[name.length] } : spanOf(it) });
    }
  }
  return out;
}

/** A service that runs Compose itself (the Docker socket mounted, or a Docker CLI image) may well need the variable. */
function runsCompose(r: Resolver, svc: YAMLMap): boolean {
  const image = r.str(svc, 'image') ?? '';
  if (/^(docker\.io\/)?(library\/)?docker(:|@|$)|^(docker\.io\/)?docker\/compose(:|@|$)/.test(image)) return true;
  const vols = r.value(svc, 'volumes');
  if (!isSeq(vols)) return false;
  return r.items(vols).some((v) => {
    const text = isScalar(v) ? String(v.value) : isMap(v) ? r.str(v, 'source') ?? '' : '';
    return text.includes('docker.sock');
  });
}
