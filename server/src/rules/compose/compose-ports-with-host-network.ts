import { defineRule } from '../../model/rule';
import { Resolver, isScalar, isSeq, keyString, scalarString, spanOf, type Node } from '../../parsers/compose';

export default defineRule({
  meta: {
    id: 'compose-ports-with-host-network',
    kinds: ['compose'],
    scope: 'file',
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
    const model = ctx.parse('compose');
    const r = new Resolver(model.doc);
    for (const s of model.services) {
      if (!s.node) continue;
      const mode = r.value(s.node, 'network_mode');
      if (!isScalar(mode) || scalarString(mode) !== 'host') continue;
      const pair = r.entries(s.node).find((p) => keyString(p) === 'ports');
      const ports = pair ? r.resolve(pair.value as Node) : undefined;
      if (!pair || !isSeq(ports) || ports.items.length === 0) continue;
      ctx.report({ messageId: 'discarded', data: { service: s.name }, range: spanOf(pair.key as Node) });
    }
  },
});
