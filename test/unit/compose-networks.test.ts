// Networks across the projects of one host: an external network must exist under the name it is looked up by.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintFiles } from '../helpers';

const RULE = { only: 'compose-external-network-prefixed' };
const proxy = 'services:\n  traefik:\n    image: traefik:v3.1\n    networks: [web]\n    logging:\n      driver: local\nnetworks:\n  web: {}\n';
const app = (net: string) => `services:\n  app:\n    image: ghost:5-alpine\n    networks: [web]\n    logging:\n      driver: local\nnetworks:\n${net}`;
const tree = { 'host/etc/docker/daemon.json': '{"log-driver": "local"}\n', 'host/srv/proxy/compose.yaml': proxy };

describe('compose-external-network-prefixed', () => {
  it('reports the external declaration, with the creating project as related information', () => {
    const f = lintFiles({ ...tree, 'host/srv/blog/compose.yaml': app('  web:\n    external: true\n') }, RULE).findings;
    assert.deepEqual(
      f.map((x) => [x.rel, x.line, x.column, x.text, x.related.map((r) => [r.file.slice(4), r.message])]),
      [['host/srv/blog/compose.yaml', 8, 3, 'web', [['host/srv/proxy/compose.yaml', 'project "proxy" creates this network as "proxy_web"']]]],
    );
    assert.match(f[0].message, /declared as external, but could not be found/);
    assert.match(f[0].message, /Set `name: web` on that network in proxy\/compose.yaml, or use "proxy_web" here/);
  });

  it('reads the network as the last file of the chain declares it (an override that makes it external)', () => {
    const f = lintFiles({ ...tree, 'host/srv/blog/compose.yaml': app('  web: {}\n'), 'host/srv/blog/compose.override.yaml': 'networks:\n  web:\n    external: true\n' }, RULE).findings;
    assert.deepEqual(f.map((x) => [x.rel, x.line, x.text]), [['host/srv/blog/compose.override.yaml', 2, 'web']]);
  });

  it('reads the creator as `docker compose` loads it by default, not as a variant file only used with -f declares it', () => {
    const variant = { 'host/srv/proxy/docker-compose-command-config.yml': proxy.replace('  web: {}\n', '  web:\n    external: true\n') };
    const f = lintFiles({ ...tree, ...variant, 'host/srv/blog/compose.yaml': app('  web:\n    external: true\n') }, RULE).findings;
    assert.deepEqual(f.map((x) => [x.rel, x.line, x.text]), [['host/srv/blog/compose.yaml', 8, 'web']]);
  });

  it('counts a network an override attaches the service to (the merged networks: of the service)', () => {
    const base = app('  web:\n    external: true\n').replace('    networks: [web]\n', '    networks: [default]\n');
    const f = lintFiles({ ...tree, 'host/srv/blog/compose.yaml': base, 'host/srv/blog/compose.override.yaml': 'services:\n  app:\n    networks:\n      web: {}\n' }, RULE).findings;
    assert.deepEqual(f.map((x) => [x.rel, x.line, x.text]), [['host/srv/blog/compose.yaml', 8, 'web']]);
  });

  it('stays silent when the creator names the network, when no service uses it, or when the name is interpolated from nothing', () => {
    const named = { ...tree, 'host/srv/proxy/compose.yaml': proxy.replace('  web: {}\n', '  web:\n    name: web\n') };
    assert.deepEqual(lintFiles({ ...named, 'host/srv/blog/compose.yaml': app('  web:\n    external: true\n') }, RULE).findings, []);
    const unused = app('  web:\n    external: true\n').replace('    networks: [web]\n', '');
    assert.deepEqual(lintFiles({ ...tree, 'host/srv/blog/compose.yaml': unused }, RULE).findings, []);
    assert.deepEqual(lintFiles({ ...tree, 'host/srv/blog/compose.yaml': app('  web:\n    name: ${PROXY_NET}\n    external: true\n') }, RULE).findings, []);
  });
});
