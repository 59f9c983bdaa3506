// Times `lintPaths` over generated compose projects: N folders, each with a compose.yaml of a few services
// (web + db + cache, anchors, healthchecks, ports, networks) and every tenth with an override file and a .env.
// Usage: node --import tsx bench/compose-lint.ts [N=1000]
// Measured on the shared 2-core machine: 1,000 projects (1,200 files) linted with every rule in 1.8 s (load ~1.5)
// to 3.1 s (load ~5), i.e. 1.5-2.6 ms per file, walk and parse included.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintPaths } from '../server/src/engine/project';

const N = Number(process.argv[2] ?? 1000);

function composeFile(i: number): string {
  const port = 20000 + i;
  return `x-logging: &logging
  driver: json-file
  options:
    max-size: "10m"
    max-file: "3"

services:
  web:
    image: registry.example.com/app${i}/web:1.${i % 7}
    ports:
      - "${port}:8080"
    environment:
      DATABASE_URL: postgres://app:app@db:5432/app${i}
      REDIS_URL: redis://cache:6379/0
    depends_on:
      db:
        condition: service_healthy
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://localhost:8080/healthz"]
      interval: 30s
      timeout: 5s
      retries: 3
    logging: *logging
  worker:
    image: registry.example.com/app${i}/web:1.${i % 7}
    command: ["worker", "--concurrency", "4"]
    environment:
      - QUEUE=default
      - LOG_LEVEL=${i % 3 === 0 ? '"debug"' : 'info'}
    deploy:
      replicas: 2
    logging: *logging
  db:
    image: postgres:16
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U app"]
      interval: 5s
    logging: *logging
  cache:
    image: redis:7-alpine
${i % 5 === 0 ? '    shm_size: 64m\n' : ''}    logging: *logging

networks:
  default:
    ipam:
      config:
        - subnet: 10.${Math.floor(i / 250)}.${i % 250}.0/24

volumes:
  db-data:
`;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipshape-bench-'));
  try {
    for (let i = 0; i < N; i++) {
      const d = path.join(dir, `site${String(i).padStart(4, '0')}`, i % 50 === 0 ? 'app' : `app${i}`);
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, 'compose.yaml'), composeFile(i));
      if (i % 10 === 0) {
        fs.writeFileSync(path.join(d, 'compose.override.yaml'), `services:\n  web:\n    build: .\n    volumes:\n      - .:/app\n`);
        fs.writeFileSync(path.join(d, '.env'), `TAG=dev\nPOSTGRES_PASSWORD="secret"\n`);
      }
    }
    fs.writeFileSync(path.join(dir, '.shipshape.yaml'), 'rules: {}\n');
    const t0 = process.hrtime.bigint();
    const run = await lintPaths([dir], { configFile: path.join(dir, '.shipshape.yaml') });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const byRule = new Map<string, number>();
    for (const f of run.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    console.log(`| compose projects | files linted | findings | wall time | per file |`);
    console.log(`| --- | --- | --- | --- | --- |`);
    console.log(`| ${N} | ${run.filesLinted} | ${run.findings.length} | ${ms.toFixed(0)} ms | ${(ms / run.filesLinted).toFixed(2)} ms |`);
    console.log([...byRule].map(([k, v]) => `${k}: ${v}`).join(', '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
