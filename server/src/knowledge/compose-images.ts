// Facts about well-known images, as data: which need a large /dev/shm, which ports they listen on by default, and
// the MySQL-family images whose server default character set is not utf8mb4.

export interface ShmHungryImage {
  /** Matched against the image reference without its tag. */
  pattern: RegExp;
  what: string;
  symptom: string;
}

export const SHM_HUNGRY_IMAGES: readonly ShmHungryImage[] = [
  { pattern: /(^|\/)pytorch\/pytorch$|(^|\/)nvidia\/pytorch$|(^|\/)pytorch\/[\w.-]+$/, what: 'PyTorch', symptom: 'DataLoader workers die with "Bus error (core dumped)" or "unable to write to file </torch_...>: No space left on device"' },
  { pattern: /(^|\/)tensorflow\/tensorflow$|(^|\/)nvidia\/tensorflow$/, what: 'TensorFlow', symptom: 'multiprocessing input pipelines fail with "Bus error"' },
  { pattern: /(^|\/)jupyter\/(pytorch|tensorflow)-notebook$|(^|\/)quay\.io\/jupyter\/(pytorch|tensorflow)-notebook$/, what: 'a Jupyter PyTorch/TensorFlow notebook', symptom: 'kernels die with "Bus error" in DataLoader workers' },
  { pattern: /(^|\/)selenium\/(standalone|node)-(chrome|chromium|firefox|edge)(-debug)?$/, what: 'Selenium with a browser', symptom: 'the browser crashes ("session deleted because of page crash", "Tab crashed")' },
  {
    pattern: /(^|\/)(postgres|postgis\/postgis|timescale\/timescaledb(-ha)?|pgvector\/pgvector|ankane\/pgvector|bitnami\/postgresql|citusdata\/citus|supabase\/postgres|paradedb\/paradedb|cloudnative-pg\/postgresql)$/,
    what: 'PostgreSQL',
    symptom: 'parallel queries, large hash joins and index builds fail with "could not resize shared memory segment "/PostgreSQL.…" to … bytes: No space left on device"',
  },
  { pattern: /(^|\/)browserless\/chrom(e|ium)$|(^|\/)zenika\/alpine-chrome$|(^|\/)playwright(\/[\w.-]+)?$|(^|\/)puppeteer\/[\w.-]+$|(^|\/)ghcr\.io\/puppeteer\/puppeteer$/, what: 'headless Chrome', symptom: 'Chrome crashes on large pages ("Aw, Snap!", "Target closed", "session deleted because of page crash")' },
];

/** Default listening ports of common server images (the official image's EXPOSE). */
export const IMAGE_DEFAULT_PORTS: readonly { pattern: RegExp; ports: number[] }[] = [
  { pattern: /(^|\/)(postgres|postgis\/postgis|timescale\/timescaledb[\w-]*|pgvector\/pgvector)$/, ports: [5432] },
  { pattern: /(^|\/)(mysql|mariadb|percona(\/percona-server)?)$/, ports: [3306] },
  { pattern: /(^|\/)(redis|valkey\/valkey|eqalpha\/keydb|redis\/redis-stack(-server)?)$/, ports: [6379] },
  { pattern: /(^|\/)(mongo|mongodb\/mongodb-community-server)$/, ports: [27017] },
  { pattern: /(^|\/)rabbitmq$/, ports: [5672, 15672] },
  { pattern: /(^|\/)(elasticsearch|opensearchproject\/opensearch)$|elastic\.co\/elasticsearch\/elasticsearch$/, ports: [9200, 9300] },
  { pattern: /(^|\/)memcached$/, ports: [11211] },
  { pattern: /(^|\/)minio\/minio$/, ports: [9000, 9001] },
  { pattern: /(^|\/)nats$/, ports: [4222] },
  { pattern: /(^|\/)(confluentinc\/cp-kafka|bitnami\/kafka|apache\/kafka)$/, ports: [9092] },
  { pattern: /(^|\/)clickhouse\/clickhouse-server$/, ports: [8123, 9000] },
  { pattern: /(^|\/)influxdb$/, ports: [8086] },
  { pattern: /(^|\/)(zookeeper|confluentinc\/cp-zookeeper)$/, ports: [2181] },
  { pattern: /(^|\/)cassandra$/, ports: [9042] },
  { pattern: /(^|\/)neo4j$/, ports: [7474, 7687] },
  { pattern: /(^|\/)couchdb$/, ports: [5984] },
  { pattern: /(^|\/)(mailhog\/mailhog|axllent\/mailpit)$/, ports: [1025, 8025] },
  { pattern: /(^|\/)getmeili\/meilisearch$/, ports: [7700] },
  { pattern: /(^|\/)qdrant\/qdrant$/, ports: [6333, 6334] },
  { pattern: /(^|\/)(hashicorp\/)?vault$/, ports: [8200] },
  { pattern: /(^|\/)(hashicorp\/)?consul$/, ports: [8500] },
];

/** Image name without registry tag or digest: `docker.io/library/postgres:16@sha256:..` -> `docker.io/library/postgres`. */
export function imageName(ref: string): string {
  let s = ref.trim();
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > slash) s = s.slice(0, colon);
  return s.replace(/^(docker\.io\/)?(library\/)?/, '');
}

export function imageTag(ref: string): string | undefined {
  let s = ref.trim();
  const at = s.indexOf('@');
  if (at >= 0) s = s.slice(0, at);
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  return colon > slash ? s.slice(colon + 1) : undefined;
}

/**
 * MySQL 5.x defaults to latin1; MariaDB defaults to latin1 before 11.6 (utf8mb4 from 11.6). MySQL 8.0+ defaults to
 * utf8mb4. Returns the server's default character set, or undefined when it is utf8mb4 or cannot be told.
 */
export function legacyCharsetOf(ref: string): string | undefined {
  const name = imageName(ref);
  const tag = imageTag(ref);
  if (!tag) return undefined;
  const m = /^(\d+)(?:\.(\d+))?/.exec(tag);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? undefined : Number(m[2]);
  if (/(^|\/)(mysql|percona)$/.test(name) && major === 5) return 'latin1';
  if (/(^|\/)mariadb$/.test(name) && (major < 11 || (major === 11 && minor !== undefined && minor < 6))) return 'latin1';
  return undefined;
}

/**
 * Variables that by convention hold the address a browser or an outside client uses (`PUBLIC_URL`, `NEXTAUTH_URL`,
 * `SITE_URL`, `CORS_ORIGINS`…): `localhost` there is the user's machine, not the container, so it is no mistake.
 */
export const PUBLIC_URL_VARIABLE = /(^|_)(PUBLIC|EXTERNAL|NEXTAUTH|SITE|BASE|ROOT|FRONTEND|WEB|ORIGINS?|CALLBACK|REDIRECT|CORS|ALLOWED|TRUSTED|CSRF)(_|$)/i;
