import { queriesOf } from '../../model/queries';
import { defineRule, type ReportDescriptor, type SourceFile, type WorkspaceRuleContext } from '../../model/rule';
import type { Span } from '../../core/finding';
import { findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import type { YAMLMap } from '../../parsers/compose';
import { child, mergedRuns, textOf, type Merged } from './_merge';
import { appendToBlockMap } from './_edit';
import { composeProjects, governingDaemonFiles, type ComposeProject, type ProjectFile, type ProjectService } from './_project';
import { LAUNCHER_KINDS } from './_launches';

/** Drivers that keep no growing file of their own on the host, or rotate by default (`local`). */
const SELF_LIMITING = new Set(['local', 'journald', 'syslog', 'gelf', 'fluentd', 'awslogs', 'splunk', 'etwlogs', 'gcplogs', 'logentries', 'none', 'loki']);

export default defineRule({
  meta: {
    id: 'compose-log-rotation-missing',
    kinds: ['compose', 'daemon-json', ...LAUNCHER_KINDS], // scripts' -f chains decide which files merge
    scope: 'workspace',
    severity: 'info',
    summary: 'Service logs to json-file without max-size, and the daemon.json of its host does not rotate logs',
    symptom: 'No space left on device: /var/lib/docker/containers/<id>/<id>-json.log grows without limit',
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      unbounded:
        'Service "{service}" logs with the default json-file driver and no `max-size`, so /var/lib/docker/containers/<id>/<id>-json.log grows until the disk is full ("No space left on device"). Set `logging.options.max-size` (and `max-file`), use the `local` driver, or rotate in daemon.json.',
    },
  },
  check(ctx) {
    const ws = ctx.workspace;
    const q = queriesOf(ws);
    const daemons = ctx.files('daemon-json');
    // Which daemon.json files rotate is all a daemon.json edit can change here: kept as the same set while equal.
    const rotating = q.get(
      'rule:compose-log-rotation-missing:rotating',
      [daemons],
      () => new Set(daemons.filter((f) => q.table('rule:compose-log-rotation-missing:daemon').get(f.path, [f], () => modelRotates(ctx.parse('daemon-json', f).root))).map((f) => f.path)),
      sameSet,
    );
    // What a service would be told depends on the project's files only; whether it is told, on the daemon.json
    // files that govern it (a list per host tree, made anew when any daemon.json changes).
    const candidates = q.each('rule:compose-log-rotation-missing', composeProjects(ws, ctx.parse), (project) => unboundedServices(ctx, project));
    const rotated = (governing: SourceFile[]) => q.derive('rule:compose-log-rotation-missing:governed', governing, () => governing.some((f) => rotating.has(f.path)));
    const reports = q.each(
      'rule:compose-log-rotation-missing:reports',
      candidates,
      (list) => {
        const out: (ReportDescriptor & { file: string })[] = [];
        for (const c of list) {
          if (rotated(governingDaemonFiles(ws, daemons, c.composePath))) continue;
          if ('error' in c) throw c.error;
          if (c.report) out.push(c.report);
        }
        return out;
      },
      [rotating],
    );
    for (const list of reports) for (const d of list) ctx.report(d);
  },
});

type Candidate = { composePath: string } & ({ report?: ReportDescriptor & { file: string } } | { error: unknown });

/** Every service with a first definition, and the report it gets unless its host's daemon.json rotates logs. */
function unboundedServices(ctx: WorkspaceRuleContext, project: ComposeProject): Candidate[] {
  const ws = ctx.workspace;
  const out: Candidate[] = [];
  for (const svc of project.services.values()) {
    const first = svc.defs[0];
    if (!first.svc.node) continue;
    const composePath = first.pf.file.path;
    try {
      out.push({ composePath, report: serviceReport(ctx, ws, svc, first.pf, first.svc.node, first.svc.keySpan) });
    } catch (error) {
      out.push({ composePath, error });
    }
  }
  return out;
}

function serviceReport(ctx: WorkspaceRuleContext, ws: WorkspaceRuleContext['workspace'], svc: ProjectService, pf: ProjectFile, node: YAMLMap, keySpan: Span): (ReportDescriptor & { file: string }) | undefined {
  // Each run of the project as its files merge the service (a `-f` file may set logging, or reset it).
  const run = mergedRuns(ws, ctx.parse, svc.project)
    .map((r) => r.services.get(svc.name)?.root)
    .find((root) => root && unbounded(root));
  if (!run) return undefined;
  const logging = child(run, 'logging');
  // No fix where the definition writes `logging:` already (an override resets it): a second key would not parse.
  const edit = logging || pf.resolver.get(node, 'logging') ? undefined : appendToBlockMap(pf.file.path, pf.file.text, node, ['logging:', '  driver: json-file', '  options:', '    max-size: "10m"', '    max-file: "3"']);
  return {
    messageId: 'unbounded',
    data: { service: svc.name },
    file: pf.file.path,
    range: keySpan,
    fixes: edit ? [{ title: 'Add `logging:` with max-size 10m and max-file 3', safety: 'unsafe', edits: [edit] }] : undefined,
  };
}

/** Whether a merged service logs to json-file without max-size. */
function unbounded(svc: Merged): boolean {
  // Provider services run no container, so they have no container log.
  if (child(svc, 'provider')) return false;
  // Merged: an override's options join the base's for the same driver, another driver replaces them.
  const logging = child(svc, 'logging');
  if (logging?.entries) {
    const driver = textOf(child(logging, 'driver'));
    if (driver && (SELF_LIMITING.has(driver) || driver.includes('$'))) return false;
    if (driver && driver !== 'json-file') return false; // a plugin driver: not ours to judge
    if (child(logging, 'options', 'max-size') !== undefined) return false;
  }
  return true;
}

function modelRotates(root: import('jsonc-parser').Node | undefined): boolean {
  if (!root) return false;
  const driverNode = findNodeAtLocation(root, ['log-driver']);
  const driver = driverNode ? getNodeValue(driverNode) : undefined;
  if (typeof driver === 'string' && driver !== 'json-file') return true;
  const max = findNodeAtLocation(root, ['log-opts', 'max-size']);
  return !!(max && getNodeValue(max));
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
