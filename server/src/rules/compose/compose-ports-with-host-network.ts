import { defineRule } from '../../model/rule';
import { spanOf } from '../../parsers/compose';
import { eachProject } from './_project';
import { child, itemsOf, mergedRuns, onceEach, textOf } from './_merge';

export default defineRule({
  meta: {
    id: 'compose-ports-with-host-network',
    kinds: ['compose', 'env-file'],
    scope: 'workspace',
    severity: 'warning',
    summary: '`ports:` on a service with `network_mode: host`, where publishing does nothing',
    symptom: 'WARNING: Published ports are discarded when using host network mode',
    type: 'problem',
    fix: 'none',
    messages: {
      discarded:
        'Service "{service}" uses `network_mode: host`, so these ports are not published: the engine warns "Published ports are discarded when using host network mode" and the process listens directly on the host\'s ports, with no mapping and no firewall rules from Docker.',
    },
  },
  check(ctx) {
    const ws = ctx.workspace;
    // The merged service: `network_mode: host` in an override discards the base's ports too.
    eachProject(ctx, 'compose-ports-with-host-network', [], (project, all) => {
      const report = onceEach(all);
      for (const [name, ms] of mergedRuns(ws, ctx.parse, project).flatMap((run) => [...run.services])) {
        const mode = child(ms.root, 'network_mode');
        const ports = child(ms.root, 'ports');
        if (!mode || textOf(mode) !== 'host' || !ports?.keyNode || itemsOf(ports).length === 0) continue;
        report({
          messageId: 'discarded',
          data: { service: name },
          file: ports.pf.file.path,
          range: spanOf(ports.keyNode),
          related: mode.pf.file === ports.pf.file ? undefined : [{ file: mode.pf.file.path, range: spanOf(mode.node), message: '`network_mode: host` is set here' }],
        });
      }
    });
  },
});
