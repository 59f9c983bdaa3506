import { defineRule, type ReportDescriptor, type SourceFile, type WorkspaceRuleContext } from '../../model/rule';
import { queriesOf } from '../../model/queries';
import { findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import { DOCKER_DEFAULT_ADDRESS_POOLS } from '../../knowledge/address-pools';
import { spanOf } from '../../parsers/compose';
import { governingDaemonFiles } from './_project';
import { fixedSubnets, overlaps, parseCidr } from './_subnets';

const DEFAULT_POOLS = DOCKER_DEFAULT_ADDRESS_POOLS.map((p) => ({ cidr: parseCidr(p.base)!, size: p.size }));
const DEFAULT_BRIDGE = DEFAULT_POOLS[0].cidr;

export default defineRule({
  meta: {
    id: 'compose-subnet-in-default-pool',
    kinds: ['compose', 'daemon-json'],
    scope: 'workspace',
    severity: 'warning',
    summary: 'A fixed network subnet inside the address pools Docker allocates networks from by default',
    symptom: 'Error response from daemon: Pool overlaps with other one on this address space (after another network took the range)',
    type: 'problem',
    fix: 'none',
    messages: {
      inPool:
        'Subnet {subnet} of network "{network}" lies in Docker\'s default address pools ({pool}, handed out {size} at a time to every network created without a subnet); {when}, and then creating this one fails with "Pool overlaps with other one on this address space". Use a range outside the pools (such as 10.x.0.0/16), or set `default-address-pools` in daemon.json to ranges that leave it free.',
    },
  },
  check(ctx) {
    const q = queriesOf(ctx.workspace);
    const composeFiles = ctx.files('compose');
    const daemonFiles = ctx.files('daemon-json');
    // What each compose file would be told under the default pools, worked out again only for a changed file.
    const candidates = q.each('rule:compose-subnet-in-default-pool', composeFiles, (file) => {
      const out: (ReportDescriptor & { file: string })[] = [];
      checkFile({ ...ctx, report: (d) => out.push(d) }, file);
      return out;
    }, [ctx.options]);
    // A daemon.json that sets its own pools replaces the defaults (compose-subnet-overlap checks those): which of
    // them do is all a daemon.json edit can change here, kept as the same string while it stays the same.
    const pooled = q.get('rule:compose-subnet-in-default-pool:pooled', [daemonFiles], () => daemonFiles.filter((f) => setsPools(ctx, f)).map((f) => f.path).join('\n'), (a, b) => a === b);
    const reports = q.get('rule:compose-subnet-in-default-pool:reports', [candidates, pooled], () =>
      candidates.flatMap((list, i) => (list.length && !governingDaemonFiles(ctx.workspace, daemonFiles, composeFiles[i].path).some((f) => setsPools(ctx, f)) ? list : [])),
    );
    for (const d of reports) ctx.report(d);
  },
});

function checkFile(ctx: WorkspaceRuleContext, file: SourceFile): void {
  for (const { network: name, net, resolver, node: sn, cidr } of fixedSubnets(ctx.parse('compose', file))) {
    const driver = resolver.str(net, 'driver');
    // Only local-scope networks come from these pools (overlay networks use the swarm's pool; macvlan and ipvlan
    // take the LAN's range on purpose).
    if (driver && driver !== 'bridge') continue;
    if (overlaps(cidr, DEFAULT_BRIDGE)) continue; // docker0's own range is compose-subnet-overlap's
    const pool = DEFAULT_POOLS.find((p) => overlaps(cidr, p.cidr));
    if (!pool) continue;
    const when = pool.size === 16 ? 'any project\'s default network may be given this /16 first' : 'any project\'s default network may be given an overlapping /20 first';
    ctx.report({
      messageId: 'inPool',
      data: { subnet: cidr.text, network: name, pool: pool.cidr.text, size: `a /${pool.size}`, when },
      file: file.path,
      range: spanOf(sn),
    });
  }
}

function setsPools(ctx: WorkspaceRuleContext, f: SourceFile): boolean {
  // An answer per daemon.json version, not a tree.
  return queriesOf(ctx.workspace).table('rule:compose-subnet-in-default-pool:daemon').get(f.path, [f], () => {
    const root = ctx.parse('daemon-json', f).root;
    const list = root ? findNodeAtLocation(root, ['default-address-pools']) : undefined;
    return list?.type === 'array' && (getNodeValue(list) as unknown[]).length > 0;
  });
}
