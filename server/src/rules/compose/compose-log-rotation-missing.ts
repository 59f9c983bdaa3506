import { defineRule } from '../../engine/rule';
import { findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import { isMap } from '../../parsers/compose';
import { appendToBlockMap } from './_edit';
import { composeProjects, governingDaemonFiles, serviceValue } from './_project';

/** Drivers that keep no growing file of their own on the host, or rotate by default (`local`). */
const SELF_LIMITING = new Set(['local', 'journald', 'syslog', 'gelf', 'fluentd', 'awslogs', 'splunk', 'etwlogs', 'gcplogs', 'logentries', 'none', 'loki']);

export default defineRule({
  meta: {
    id: 'compose-log-rotation-missing',
    kinds: ['compose', 'daemon-json'],
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
    const daemons = ctx.files('daemon-json');
    const rotates = new Map<string, boolean>(daemons.map((f) => [f.path, daemonRotates(ctx, f)]));
    for (const project of composeProjects(ws, ctx.parse)) {
      for (const svc of project.services.values()) {
        const first = svc.defs[0];
        if (!first.svc.node) continue;
        if (governingDaemonFiles(daemons, first.pf.file.path).some((f) => rotates.get(f.path))) continue;
        // Provider services run no container, so they have no container log.
        if (serviceValue(ws, ctx.parse, svc, 'provider')) continue;
        const logging = serviceValue(ws, ctx.parse, svc, 'logging');
        if (logging && isMap(logging.node)) {
          const r = logging.pf.resolver;
          const driver = r.str(logging.node, 'driver');
          if (driver && (SELF_LIMITING.has(driver) || driver.includes('$'))) continue;
          if (!driver || driver === 'json-file') {
            const opts = r.value(logging.node, 'options');
            if (isMap(opts) && r.value(opts, 'max-size') !== undefined) continue;
          } else continue; // a plugin driver: not ours to judge
        }
        const edit = logging ? undefined : appendToBlockMap(first.pf.file.path, first.pf.file.text, first.svc.node, ['logging:', '  driver: json-file', '  options:', '    max-size: "10m"', '    max-file: "3"']);
        ctx.report({
          messageId: 'unbounded',
          data: { service: svc.name },
          file: first.pf.file.path,
          range: first.svc.keySpan,
          fixes: edit ? [{ title: 'Add `logging:` with max-size 10m and max-file 3', safety: 'unsafe', edits: [edit] }] : undefined,
        });
      }
    }
  },
});

/** Whether a daemon.json makes container logs bounded by default. */
function daemonRotates(ctx: import('../../engine/rule').WorkspaceRuleContext, f: import('../../engine/rule').SourceFile): boolean {
  {
    const root = ctx.parse('daemon-json', f).root;
    if (!root) return false;
    const driverNode = findNodeAtLocation(root, ['log-driver']);
    const driver = driverNode ? getNodeValue(driverNode) : undefined;
    if (typeof driver === 'string' && driver !== 'json-file') return true;
    const max = findNodeAtLocation(root, ['log-opts', 'max-size']);
    if (max && getNodeValue(max)) return true;
  }
  return false;
}

