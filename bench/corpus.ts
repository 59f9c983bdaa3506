// A deterministic (seeded) corpus: a mixed infrastructure repository of N files in the proportions a large one has,
// with realistic content and a known number of planted hazards per rule (written to manifest.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rng } from '../test/rng';

export interface Manifest {
  seed: number;
  files: number;
  byKind: Record<string, number>;
  /** rule id -> how many hazards were planted */
  planted: Record<string, number>;
  bytes: number;
}

/** Shares of a 10,000-file repository. */
export const PROPORTIONS: [string, number][] = [
  ['compose', 0.25],
  ['daemon-json', 0.03],
  ['systemd-unit', 0.08],
  ['sysconfig-env', 0.02],
  ['env-file', 0.08],
  ['crontab', 0.06],
  ['workflow', 0.12],
  ['gitlab-ci', 0.02],
  ['jenkinsfile', 0.02],
  ['shell', 0.2],
  ['dockerfile', 0.12],
];

const IMAGES = ['nginx:1.27-alpine', 'postgres:16', 'redis:7-alpine', 'mysql:8.4', 'grafana/grafana:11.2.0', 'prom/prometheus:v2.54.1', 'traefik:v3.1', 'rabbitmq:3.13-management', 'elasticsearch:8.15.0', 'minio/minio:RELEASE.2024-09-13T20-26-02Z'];
const WORDS = ['api', 'web', 'worker', 'billing', 'auth', 'search', 'reports', 'ingest', 'media', 'admin', 'gateway', 'notify', 'scheduler', 'metrics'];

export function generateCorpus(dir: string, opts: { files?: number; seed?: number } = {}): Manifest {
  const total = opts.files ?? 10_000;
  const seed = opts.seed ?? 42;
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const planted: Record<string, number> = {};
  const plant = (id: string) => (planted[id] = (planted[id] ?? 0) + 1);
  const byKind: Record<string, number> = {};
  let bytes = 0;
  const write = (rel: string, text: string) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    bytes += Buffer.byteLength(text);
  };

  const composeFile = (lines: number, project: string): string => {
    const out: string[] = [];
    if (chance(0.3)) {
      out.push(`version: "3.8"`);
      plant('compose-version-obsolete');
    }
    out.push(`name: ${project}`, 'services:');
    let port = 8000 + Math.floor(r() * 1000);
    let n = 0;
    while (out.length < lines) {
      const svc = `${pick(WORDS)}${n++}`;
      const image = pick(IMAGES);
      out.push(`  ${svc}:`, `    image: ${image}`, `    restart: unless-stopped`);
      out.push(`    ports:`, `      - "${port++}:80"`);
      out.push(`    environment:`);
      if (chance(0.1)) {
        out.push(`      - DB_PASSWORD="s3cret${n}"`);
        plant('compose-quoted-env-value');
      } else out.push(`      - LOG_LEVEL=info`);
      out.push(`      - TZ=UTC`);
      out.push(`    healthcheck:`, `      test: ["CMD", "wget", "-qO-", "http://localhost/health"]`, `      interval: 30s`, `      timeout: 5s`, `      retries: 3`);
      out.push(`    logging:`, `      driver: json-file`, `      options:`, `        max-size: "10m"`, `        max-file: "3"`);
      out.push(`    deploy:`, `      resources:`, `        limits:`, `          memory: 512M`);
      out.push(`    networks: [backend]`);
    }
    out.push('networks:', '  backend: {}');
    return out.join('\n') + '\n';
  };

  const daemonJson = (): string => {
    const o: Record<string, unknown> = { 'log-driver': 'json-file', 'log-opts': { 'max-size': '10m', 'max-file': '3' } };
    if (chance(0.2)) {
      o['graph'] = '/data/docker';
      plant('daemon-deprecated-key');
    } else o['data-root'] = '/data/docker';
    if (chance(0.15)) {
      o['live-restore'] = true;
    }
    if (chance(0.1)) {
      o['storage-driver'] = 'overlay';
      plant('daemon-legacy-storage-driver');
    } else o['storage-driver'] = 'overlay2';
    o['registry-mirrors'] = ['https://mirror.example.internal'];
    return JSON.stringify(o, null, 2) + '\n';
  };

  const dropIn = (): string => {
    if (chance(0.2)) {
      plant('unit-execstart-not-cleared');
      return '[Service]\nExecStart=/usr/bin/dockerd --data-root /data/docker\n';
    }
    return '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\nLimitNOFILE=1048576\n';
  };

  const crontab = (): string => {
    const lines = ['SHELL=/bin/bash', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'MAILTO=ops@example.com', ''];
    for (let i = 0; i < 3 + Math.floor(r() * 10); i++) {
      const svc = pick(WORDS);
      if (chance(0.15)) {
        lines.push(`${Math.floor(r() * 60)} */6 * * * docker exec -it ${svc}-db pg_dump -U app ${svc} > /backup/${svc}.sql`);
        plant('tty-without-terminal');
      } else if (chance(0.1)) {
        lines.push(`${Math.floor(r() * 60)} 2 * * * tar czf /backup/${svc}-$(date +%F).tgz /srv/${svc}`);
        plant('cron-unescaped-percent');
      } else lines.push(`${Math.floor(r() * 60)} ${Math.floor(r() * 24)} * * * /usr/local/bin/rotate-${svc}.sh >/dev/null 2>&1`);
    }
    return lines.join('\n') + '\n';
  };

  const workflow = (): string => {
    const steps: string[] = [];
    for (let i = 0; i < 3 + Math.floor(r() * 8); i++) {
      const svc = pick(WORDS);
      if (chance(0.1)) {
        steps.push(`      - name: migrate ${svc}`, `        run: |`, `          docker compose up -d ${svc}`, `          docker exec -it ${svc} ./manage.py migrate`);
        plant('tty-without-terminal');
      } else steps.push(`      - name: test ${svc}`, `        run: |`, `          npm ci`, `          npm test -- --project ${svc}`);
    }
    return ['name: ci', 'on:', '  push:', '    branches: [main]', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', ...steps].join('\n') + '\n';
  };

  const gitlab = (): string => {
    const svc = pick(WORDS);
    const planted_ = chance(0.2);
    if (planted_) plant('compose-exec-without-no-tty');
    return [
      'stages: [build, test, deploy]',
      'build:',
      '  stage: build',
      '  script:',
      '    - docker build -t registry.example.com/app:$CI_COMMIT_SHA .',
      '    - docker push registry.example.com/app:$CI_COMMIT_SHA',
      'migrate:',
      '  stage: deploy',
      '  script:',
      planted_ ? `    - docker-compose exec ${svc} ./manage.py migrate` : `    - docker-compose exec -T ${svc} ./manage.py migrate`,
    ].join('\n') + '\n';
  };

  const jenkinsfile = (): string => {
    const p = chance(0.2);
    if (p) plant('tty-without-terminal');
    return [
      'pipeline {',
      '  agent any',
      '  stages {',
      "    stage('Build') {",
      "      steps { sh 'make build' }",
      '    }',
      "    stage('Migrate') {",
      '      steps {',
      '        sh """',
      '          docker compose up -d db',
      p ? '          docker exec -it db psql -U postgres -c "select 1"' : '          docker exec db psql -U postgres -c "select 1"',
      '        """',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n') + '\n';
  };

  const shell = (): string => {
    const lines = ['#!/usr/bin/env bash', 'set -euo pipefail', ''];
    for (let i = 0; i < 5 + Math.floor(r() * 40); i++) {
      const svc = pick(WORDS);
      if (chance(0.03)) {
        lines.push('docker system prune -af --volumes');
        plant('destructive-prune');
      } else if (chance(0.05)) {
        lines.push(`mysql -uroot -p${'pw' + i} -e "show databases"`);
        plant('secret-on-command-line');
      } else lines.push(`echo "deploying ${svc}"`, `docker pull registry.example.com/${svc}:latest`, `systemctl restart ${svc}.service`);
    }
    return lines.join('\n') + '\n';
  };

  const dockerfile = (): string => {
    if (chance(0.15)) {
      plant('eol-base-image');
      plant('package-cache-left');
      return 'FROM centos:7\nRUN yum install -y httpd\nUSER apache\nCMD ["httpd", "-DFOREGROUND"]\n';
    }
    return [
      'FROM golang:1.23 AS build',
      'WORKDIR /src',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY cmd ./cmd',
      'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app',
      'FROM gcr.io/distroless/static-debian12:nonroot',
      'COPY --from=build /out/app /app',
      'USER nonroot:nonroot',
      'ENTRYPOINT ["/app"]',
    ].join('\n') + '\n';
  };

  const counts = PROPORTIONS.map(([k, share]) => [k, Math.round(share * total)] as [string, number]);
  const sum = counts.reduce((a, [, n]) => a + n, 0);
  counts[counts.length - 1][1] += total - sum;
  for (const [kind, n] of counts) {
    byKind[kind] = n;
    for (let i = 0; i < n; i++) {
      const host = `hosts/node-${String(i % 500).padStart(3, '0')}`;
      const proj = `${pick(WORDS)}-${i}`;
      switch (kind) {
        case 'compose': {
          // 20-3,000 lines, most small, a long tail of big stacks.
          const lines = Math.min(3000, Math.max(20, Math.floor(20 / Math.pow(r(), 0.9))));
          write(`stacks/${proj}/compose.yaml`, composeFile(lines, proj));
          break;
        }
        case 'daemon-json':
          write(`${host}-${i}/etc/docker/daemon.json`, daemonJson());
          break;
        case 'systemd-unit':
          write(`${host}-${i}/etc/systemd/system/docker.service.d/override.conf`, dropIn());
          break;
        case 'sysconfig-env':
          write(`${host}-${i}/etc/sysconfig/docker`, `OPTIONS="--log-driver=journald --signature-verification=false"\nDOCKER_CERT_PATH=/etc/docker\n`);
          break;
        case 'env-file':
          write(`stacks/${proj}/.env`, `COMPOSE_PROJECT_NAME=${proj}\nPOSTGRES_USER=app\nPOSTGRES_DB=${proj.replace(/-/g, '_')}\nTZ=UTC\n`);
          break;
        case 'crontab':
          write(`${host}-${i}/etc/cron.d/backup-${i}`, crontab().replace(/^(\S+ \S+ \S+ \S+ \S+) /gm, '$1 root '));
          break;
        case 'workflow':
          write(`repos/${proj}/.github/workflows/ci.yml`, workflow());
          break;
        case 'gitlab-ci':
          write(`repos/${proj}/.gitlab-ci.yml`, gitlab());
          break;
        case 'jenkinsfile':
          write(`repos/${proj}/Jenkinsfile`, jenkinsfile());
          break;
        case 'shell':
          write(`scripts/${pick(WORDS)}/deploy-${i}.sh`, shell());
          break;
        case 'dockerfile':
          write(`images/${proj}/Dockerfile`, dockerfile());
          write(`images/${proj}/.dockerignore`, '.git\nnode_modules\n');
          break;
      }
    }
  }
  const manifest: Manifest = { seed, files: total, byKind, planted, bytes };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

if (require.main === module) {
  const dir = process.argv[2] ?? path.join(__dirname, 'corpus');
  const files = Number(process.argv[3] ?? 10000);
  fs.rmSync(dir, { recursive: true, force: true });
  const t = Date.now();
  const m = generateCorpus(dir, { files });
  console.log(`wrote ${m.files} files (${(m.bytes / 1024 / 1024).toFixed(1)} MB) to ${dir} in ${Date.now() - t} ms`);
}
