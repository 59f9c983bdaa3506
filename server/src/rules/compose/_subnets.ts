// The fixed subnets a compose file gives its networks (`networks.<name>.ipam.config[].subnet`), for the rules that
// compare them with each other, docker0 and the address pools. External networks are skipped: the file does not
// create them.
import { Resolver, isMap, isScalar, isSeq, keyString, scalarString, type ComposeModel, type Node, type Scalar, type YAMLMap } from '../../parsers/compose';

export interface Cidr {
  lo: number;
  hi: number;
  text: string;
}

/** IPv4 CIDR (`10.1.0.0/16`, or an address with a prefix like `bip`'s `172.26.0.1/16`) as an inclusive range. */
export function parseCidr(s: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const addr = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const size = 2 ** (32 - bits);
  const lo = Math.floor(addr / size) * size;
  return { lo, hi: lo + size - 1, text: s.trim() };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.lo <= b.hi && b.lo <= a.hi;
}

export interface FixedSubnet {
  /** The network's key under `networks:`. */
  network: string;
  /** The network's mapping, for what else it sets (its driver). */
  net: YAMLMap;
  resolver: Resolver;
  /** The `subnet:` value, where a finding goes. */
  node: Scalar;
  cidr: Cidr;
}

/** Every parsable fixed subnet of the networks a compose file creates, in file order. */
export function fixedSubnets(model: ComposeModel): FixedSubnet[] {
  const out: FixedSubnet[] = [];
  if (!model.root) return out;
  const r = new Resolver(model.doc);
  const networks = r.value(model.root, 'networks');
  if (!isMap(networks)) return out;
  for (const np of r.entries(networks)) {
    const network = keyString(np);
    const net = r.resolve(np.value as Node);
    if (!network || !isMap(net)) continue;
    const ext = r.value(net, 'external');
    if (ext && !(isScalar(ext) && (ext.value === false || ext.value === 'false'))) continue;
    const ipam = r.value(net, 'ipam');
    const config = isMap(ipam) ? r.value(ipam, 'config') : undefined;
    if (!isSeq(config)) continue;
    for (const c of r.items(config)) {
      if (!isMap(c)) continue;
      const sn = r.value(c, 'subnet');
      if (!isScalar(sn)) continue;
      const cidr = parseCidr(scalarString(sn));
      if (cidr) out.push({ network, net, resolver: r, node: sn, cidr });
    }
  }
  return out;
}
