// The address pools dockerd hands networks out of when daemon.json sets no `default-address-pools` (moby's
// libnetwork ipamutils): 172.17.0.0/16 … 172.31.0.0/16 one /16 per network, then 192.168.0.0/16 in /20s. The
// default bridge docker0 takes the first, 172.17.0.0/16.

export interface AddressPool {
  base: string;
  size: number;
}

export const DOCKER_DEFAULT_ADDRESS_POOLS: readonly AddressPool[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];
