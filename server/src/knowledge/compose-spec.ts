// The Compose file model, as typed data written from the Compose Specification (compose-spec/compose-spec,
// spec.md and 05-services.md … 10-models.md) and what Docker Compose v2 accepts. It feeds the compose-schema rule,
// hover and completion. Interpolated values (`${VAR}`) are accepted wherever a scalar is.

// Compose validates the file against its JSON schema before it converts anything: a YAML number where the schema
// wants a string (`user: 1000`) and a null (`environment:` with nothing under it) are refused, except where a shape
// says otherwise (`nullable`, or a `oneOf` with a number).
export type Shape = ShapeKind & {
  /** null (an empty value) is accepted here */
  nullable?: boolean;
};
type ShapeKind =
  | { t: 'string'; enum?: readonly string[]; /** values matching this are accepted besides the enum */ pattern?: RegExp }
  | { t: 'integer' }
  | { t: 'number' }
  | { t: 'boolean' }
  /** a duration string such as `1m30s`, `1d` or `2w` */
  | { t: 'duration' }
  /** a byte size: number or string like `512m`, `1gb` */
  | { t: 'bytes' }
  | { t: 'list'; of: Shape }
  /** a mapping with free-form keys */
  | { t: 'map'; values: Shape }
  | { t: 'object'; props: Record<string, Prop>; /** `x-` keys allowed (default true) */ extensions?: boolean; /** keys Compose requires */ required?: readonly string[] }
  | { t: 'oneOf'; of: readonly Shape[] }
  | { t: 'any' };

export interface Prop {
  shape: Shape;
  doc: string;
  /** Compose v2 release that first accepted it, when recent. */
  since?: string;
  deprecated?: string;
}

const str: Shape = { t: 'string' };
const int: Shape = { t: 'integer' };
const num: Shape = { t: 'number' };
const bool: Shape = { t: 'boolean' };
const dur: Shape = { t: 'duration' };
const bytes: Shape = { t: 'bytes' };
const en = (...values: string[]): Shape => ({ t: 'string', enum: values });
const list = (of: Shape): Shape => ({ t: 'list', of });
const map = (values: Shape): Shape => ({ t: 'map', values });
const obj = (props: Record<string, Prop>, required?: readonly string[]): Shape => ({ t: 'object', props, ...(required ? { required } : {}) });
const orNull = (s: Shape): Shape => ({ ...s, nullable: true });
const oneOf = (...of: Shape[]): Shape => ({ t: 'oneOf', of });
const p = (shape: Shape, doc: string, extra: Partial<Prop> = {}): Prop => ({ shape, doc, ...extra });

/** `KEY=value` list or `KEY: value` mapping (environment, labels, build args, …). */
const listOrDict: Shape = oneOf(list(oneOf(str, num)), map(orNull(oneOf(str, num, bool))));
const stringOrList: Shape = oneOf(str, list(str));
const command: Shape = orNull(oneOf(str, list(str)));
const extraHosts: Shape = oneOf(list(str), map(oneOf(str, list(str))));
const ulimits: Shape = map(oneOf(int, obj({ soft: p(int, 'Soft limit.'), hard: p(int, 'Hard limit.') }, ['soft', 'hard'])));

const blkioRate = list(obj({ path: p(str, 'Device path.'), rate: p(oneOf(int, str), 'Rate (bytes or operations per second).') }));

const deviceProps: Record<string, Prop> = {
  capabilities: p(list(str), 'Device capabilities, e.g. `[gpu]`.'),
  count: p(oneOf(int, en('all')), 'How many devices to reserve, or `all`.'),
  device_ids: p(list(str), 'IDs of the devices to reserve.'),
  driver: p(str, 'Device driver, e.g. `nvidia`.'),
  options: p(listOrDict, 'Driver-specific options.'),
};
/** A device request under `deploy.resources.reservations.devices` must name its capabilities; under `gpus` not. */
const device = obj(deviceProps, ['capabilities']);

const resources = obj({
  cpus: p(oneOf(num, str), 'CPU limit, e.g. `0.5`.'),
  memory: p(bytes, 'Memory limit, e.g. `512M`.'),
  pids: p(int, 'Maximum number of processes.'),
});

const deploy = obj({
  mode: p(en('replicated', 'global', 'replicated-job', 'global-job'), 'Replication mode.'),
  endpoint_mode: p(en('vip', 'dnsrr'), 'Service discovery for external clients (Swarm).'),
  replicas: p(int, 'Number of containers to run.'),
  labels: p(listOrDict, 'Labels on the service (not on its containers).'),
  rollback_config: p(
    obj({
      parallelism: p(int, 'Containers rolled back at once.'),
      delay: p(dur, 'Wait between rollback groups.'),
      failure_action: p(en('continue', 'pause'), 'What to do when a rollback fails.'),
      monitor: p(dur, 'How long to watch each task for failure.'),
      max_failure_ratio: p(num, 'Failure rate to tolerate.'),
      order: p(en('stop-first', 'start-first'), 'Order of operations.'),
    }),
    'How to roll back a failed update.',
  ),
  update_config: p(
    obj({
      parallelism: p(int, 'Containers updated at once.'),
      delay: p(dur, 'Wait between update groups.'),
      failure_action: p(en('continue', 'rollback', 'pause'), 'What to do when an update fails.'),
      monitor: p(dur, 'How long to watch each task for failure.'),
      max_failure_ratio: p(num, 'Failure rate to tolerate.'),
      order: p(en('stop-first', 'start-first'), 'Order of operations.'),
    }),
    'How to update the service.',
  ),
  resources: p(
    obj({
      limits: p(resources, 'Upper limits.'),
      reservations: p(
        obj({
          cpus: p(oneOf(num, str), 'CPUs reserved.'),
          memory: p(bytes, 'Memory reserved.'),
          generic_resources: p(list(obj({ discrete_resource_spec: p(obj({ kind: p(str, 'Kind.'), value: p(num, 'Value.') }), 'A discrete resource.') })), 'Generic resources (Swarm).'),
          devices: p(list(device), 'Devices (GPUs) to reserve.'),
        }),
        'Guaranteed resources.',
      ),
    }),
    'Resource limits and reservations.',
  ),
  restart_policy: p(
    obj({
      condition: p(en('none', 'on-failure', 'any', 'no', 'always', 'unless-stopped'), 'When to restart (Compose also maps `no`, `always` and `unless-stopped`).'),
      delay: p(dur, 'Wait between restarts.'),
      max_attempts: p(int, 'Give up after this many attempts.'),
      window: p(dur, 'How long to wait before deciding a restart succeeded.'),
    }),
    'Restart policy (Swarm; Compose maps it to `restart`).',
  ),
  placement: p(
    obj({
      constraints: p(list(str), 'Node constraints, e.g. `node.role==manager`.'),
      preferences: p(list(obj({ spread: p(str, 'Spread over this node label.') })), 'Placement preferences.'),
      max_replicas_per_node: p(int, 'Replicas per node.'),
    }),
    'Where to place containers (Swarm).',
  ),
});

const healthcheck = obj({
  test: p(command, 'The check: `["CMD", "curl", "-f", "http://localhost"]`, `["CMD-SHELL", "..."]`, a string (run by the shell), or `["NONE"]`.'),
  interval: p(dur, 'Time between checks (default 30s).'),
  timeout: p(dur, 'Time a check may take (default 30s).'),
  retries: p(num, 'Failures in a row before the container is unhealthy (default 3).'),
  start_period: p(dur, 'Grace period after start during which failures do not count.'),
  start_interval: p(dur, 'Time between checks during the start period.', { since: '2.20' }),
  disable: p(bool, 'Turn off the image\'s HEALTHCHECK.'),
});

const build = oneOf(
  str,
  obj({
    context: p(str, 'Build context: a folder or a Git URL.'),
    dockerfile: p(str, 'Dockerfile, relative to the context.'),
    dockerfile_inline: p(str, 'The Dockerfile written inline.'),
    entitlements: p(list(str), 'Extra privileges for the build.'),
    args: p(listOrDict, 'Build arguments (`ARG`).'),
    ssh: p(listOrDict, 'SSH agent sockets or keys to forward.'),
    labels: p(listOrDict, 'Labels on the built image.'),
    cache_from: p(list(str), 'Cache sources.'),
    cache_to: p(list(str), 'Cache destinations.'),
    no_cache: p(bool, 'Build without the cache.'),
    no_cache_filter: p(stringOrList, 'Stages to build without the cache.'),
    additional_contexts: p(listOrDict, 'Named extra contexts.'),
    network: p(str, 'Network for `RUN` steps.'),
    provenance: p(oneOf(str, bool), 'Provenance attestation.'),
    sbom: p(oneOf(str, bool), 'SBOM attestation.'),
    pull: p(bool, 'Always pull the base images.'),
    target: p(str, 'Stage to build.'),
    shm_size: p(bytes, '`/dev/shm` size for build containers.'),
    extra_hosts: p(extraHosts, 'Extra `/etc/hosts` entries during the build.'),
    isolation: p(str, 'Isolation technology (Windows).'),
    privileged: p(bool, 'Run the build privileged.'),
    secrets: p(list(oneOf(str, obj({ source: p(str, 'Secret name.'), target: p(str, 'Secret id in the build.'), uid: p(str, 'Owner uid.'), gid: p(str, 'Owner gid.'), mode: p(oneOf(num, str), 'File mode.') }))), 'Secrets for the build.'),
    tags: p(list(str), 'Extra tags for the built image.'),
    ulimits: p(ulimits, 'ulimits for build containers.'),
    platforms: p(list(str), 'Platforms to build for.'),
  }),
);

const serviceVolume = oneOf(
  str,
  obj({
    type: p(en('bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'), 'Mount type.'),
    source: p(str, 'Host path (bind) or volume name.'),
    target: p(str, 'Path in the container.'),
    read_only: p(bool, 'Mount read-only.'),
    consistency: p(str, 'Consistency requirements (macOS).'),
    bind: p(obj({ propagation: p(str, 'Propagation mode.'), create_host_path: p(bool, 'Create the host path if missing.'), selinux: p(en('z', 'Z'), 'SELinux relabelling.'), recursive: p(en('enabled', 'disabled', 'writable', 'readonly'), 'Recursive read-only behaviour.') }), 'Bind options.'),
    volume: p(obj({ labels: p(listOrDict, 'Labels on a volume this mount creates.'), nocopy: p(bool, 'Do not copy image data into a new volume.'), subpath: p(str, 'Mount a sub-path of the volume.') }), 'Volume options.'),
    tmpfs: p(obj({ size: p(bytes, 'Size of the tmpfs.'), mode: p(oneOf(num, str), 'File mode.') }), 'tmpfs options.'),
    image: p(obj({ subpath: p(str, 'Mount a sub-path of the image.') }), 'Image mount options.'),
  }, ['type']),
);

const fileRef = oneOf(str, obj({ source: p(str, 'Name of the top-level secret/config.'), target: p(str, 'Path (or name) in the container.'), uid: p(str, 'Owner uid.'), gid: p(str, 'Owner gid.'), mode: p(oneOf(num, str), 'File mode, e.g. `0440`.') }));

const hookProps = {
  command: p(command, 'Command to run.'),
  user: p(str, 'User to run it as.'),
  privileged: p(bool, 'Run privileged.'),
  working_dir: p(str, 'Working folder.'),
  environment: p(listOrDict, 'Environment for the hook.'),
};
const hook = obj(hookProps, ['command']);
/** A `pre_start` step runs in its own short-lived container, by default of the service's image. */
const preStartHook = obj({
  ...hookProps,
  command: p(command, 'Command to run (optional when the image\'s entrypoint does the work).'),
  image: p(str, 'Image of the step\'s container (default: the service\'s image).'),
  per_replica: p(bool, 'Run once per replica instead of once for the service.'),
});

const port = oneOf(
  num,
  str,
  obj({
    name: p(str, 'Name of the port.'),
    mode: p(en('host', 'ingress'), 'Publishing mode.'),
    host_ip: p(str, 'Host address to bind.'),
    target: p(oneOf(int, str), 'Container port.'),
    published: p(oneOf(str, int), 'Host port or range.'),
    protocol: p(str, 'Protocol: `tcp` or `udp`.'),
    app_protocol: p(str, 'Application protocol (hint).'),
  }),
);

export const SERVICE_PROPS: Record<string, Prop> = {
  annotations: p(listOrDict, 'Annotations on the container.'),
  attach: p(bool, 'Whether `up` attaches to this service\'s logs (default true).'),
  blkio_config: p(
    obj({
      weight: p(int, 'Block IO weight (10–1000).'),
      weight_device: p(list(obj({ path: p(str, 'Device path.'), weight: p(int, 'Weight.') })), 'Per-device weights.'),
      device_read_bps: p(blkioRate, 'Read rate limits.'),
      device_write_bps: p(blkioRate, 'Write rate limits.'),
      device_read_iops: p(blkioRate, 'Read IOPS limits.'),
      device_write_iops: p(blkioRate, 'Write IOPS limits.'),
    }),
    'Block IO limits.',
  ),
  build: p(build, 'How to build the image: a context path, or a mapping with `context`, `dockerfile`, `args`, `target`, …'),
  cap_add: p(list(str), 'Linux capabilities to add.'),
  cap_drop: p(list(str), 'Linux capabilities to drop.'),
  cgroup: p(en('host', 'private'), 'cgroup namespace.'),
  cgroup_parent: p(str, 'Parent cgroup.'),
  command: p(command, 'Overrides the image\'s `CMD`.'),
  configs: p(list(fileRef), 'Configs (top-level `configs:`) mounted into the container.'),
  container_name: p(str, 'A fixed container name. Two containers cannot share it, so the service cannot be scaled.'),
  cpu_count: p(oneOf(int, str), 'Usable CPUs (Windows).'),
  cpu_percent: p(oneOf(int, str), 'Usable CPU percentage (Windows).'),
  cpu_period: p(oneOf(int, str), 'CFS period.'),
  cpu_quota: p(oneOf(int, str), 'CFS quota.'),
  cpu_rt_period: p(oneOf(int, str), 'Real-time period.'),
  cpu_rt_runtime: p(oneOf(int, str), 'Real-time runtime.'),
  cpu_shares: p(oneOf(int, str), 'Relative CPU weight.'),
  cpus: p(oneOf(num, str), 'Number of CPUs (fractional), e.g. `1.5`.'),
  cpuset: p(str, 'CPUs the container may use, e.g. `0-3`.'),
  credential_spec: p(obj({ config: p(str, 'Config name.'), file: p(str, 'File.'), registry: p(str, 'Registry value.') }), 'Managed service account (Windows).'),
  depends_on: p(
    oneOf(
      list(str),
      map(
        obj({
          condition: p(en('service_started', 'service_healthy', 'service_completed_successfully'), 'What to wait for.'),
          restart: p(bool, 'Restart this service when the dependency is updated.'),
          required: p(bool, 'Fail when the dependency is missing (default true).'),
        }),
      ),
    ),
    'Services to start first; the long form waits for a condition (`service_healthy`).',
  ),
  deploy: p(orNull(deploy), 'Deployment: replicas, resources (limits, GPU reservations), restart policy, placement.'),
  develop: p(
    orNull(obj({
      watch: p(
        list(
          obj({
            path: p(str, 'Path to watch.'),
            action: p(en('rebuild', 'sync', 'restart', 'sync+restart', 'sync+exec'), 'What to do on change.'),
            target: p(str, 'Path in the container for sync.'),
            ignore: p(stringOrList, 'Patterns to ignore.'),
            include: p(stringOrList, 'Patterns to include.'),
            exec: p(hook, 'Command for `sync+exec`.'),
            initial_sync: p(bool, 'Sync once at start.'),
          }, ['path', 'action']),
        ),
        'Paths `docker compose watch` follows.',
      ),
    })),
    'Development settings for `docker compose watch`.',
    { since: '2.22' },
  ),
  device_cgroup_rules: p(list(str), 'Device cgroup rules.'),
  devices: p(list(oneOf(str, obj({ source: p(str, 'Host device.'), target: p(str, 'Container path.'), permissions: p(str, 'Permissions, e.g. `rwm`.') }, ['source']))), 'Host devices to map in, `HOST:CONTAINER[:PERMS]`.'),
  dns: p(stringOrList, 'DNS servers.'),
  dns_opt: p(list(str), 'Resolver options.'),
  dns_search: p(stringOrList, 'DNS search domains.'),
  domainname: p(str, 'Domain name of the container.'),
  entrypoint: p(command, 'Overrides the image\'s `ENTRYPOINT`.'),
  env_file: p(oneOf(str, list(oneOf(str, obj({ path: p(str, 'The env file.'), required: p(bool, 'Fail when missing (default true).'), format: p(str, 'File format (`raw` keeps values as written).') }, ['path'])))), 'Files of `KEY=value` lines added to the environment (read with Compose\'s dotenv rules: quotes are removed).'),
  environment: p(listOrDict, 'Environment variables. In list form (`- KEY=value`) the text after `=` is taken literally, quotes included; the map form (`KEY: value`) is read as YAML.'),
  expose: p(list(oneOf(str, num)), 'Ports reachable by other services (documentation only on user networks).'),
  extends: p(oneOf(str, obj({ service: p(str, 'Service to extend.'), file: p(str, 'File that defines it.') }, ['service'])), 'Start from another service\'s configuration (in this file or another).'),
  external_links: p(list(str), 'Links to containers outside this project (legacy).'),
  extra_hosts: p(extraHosts, 'Extra `/etc/hosts` entries, e.g. `host.docker.internal:host-gateway`.'),
  gpus: p(oneOf(en('all'), list(obj(deviceProps))), 'GPUs to give the container: `all` or device requests.', { since: '2.30' }),
  group_add: p(list(oneOf(str, num)), 'Extra groups for the container user.'),
  healthcheck: p(healthcheck, 'How to tell the container is healthy (overrides the image\'s HEALTHCHECK).'),
  hostname: p(str, 'Hostname of the container.'),
  image: p(str, 'Image to run, `[registry/]name[:tag][@digest]`.'),
  init: p(bool, 'Run an init process (tini) as PID 1 that reaps zombies and forwards signals.'),
  ipc: p(str, 'IPC mode: `shareable`, `private`, `host`, `service:NAME`, `container:ID`.'),
  isolation: p(str, 'Isolation technology (Windows).'),
  label_file: p(stringOrList, 'Files of labels.', { since: '2.32' }),
  labels: p(listOrDict, 'Container labels.'),
  links: p(list(str), 'Legacy links; services on one network already reach each other by name.'),
  logging: p(obj({ driver: p(str, 'Logging driver, e.g. `json-file`, `local`, `journald`.'), options: p(map(orNull(oneOf(str, num))), 'Driver options, e.g. `max-size`, `max-file`.') }), 'Logging driver and options for the container.'),
  mac_address: p(str, 'MAC address.'),
  mem_limit: p(bytes, 'Memory limit (also `deploy.resources.limits.memory`).'),
  mem_reservation: p(bytes, 'Memory soft limit.'),
  mem_swappiness: p(oneOf(int, str), 'Swappiness 0–100.'),
  memswap_limit: p(bytes, 'Memory plus swap limit.'),
  models: p(oneOf(list(str), map(orNull(obj({ endpoint_var: p(str, 'Variable that receives the endpoint.'), model_var: p(str, 'Variable that receives the model name.') })))), 'Models (top-level `models:`) the service uses.', { since: '2.38' }),
  network_mode: p(str, 'Network mode: `bridge`, `host`, `none`, `service:NAME`, `container:ID`.'),
  networks: p(
    oneOf(
      list(str),
      map(
        orNull(obj({
          aliases: p(list(str), 'Extra DNS names on this network.'),
          ipv4_address: p(str, 'Static IPv4 address.'),
          ipv6_address: p(str, 'Static IPv6 address.'),
          link_local_ips: p(list(str), 'Link-local addresses.'),
          mac_address: p(str, 'MAC address on this network.'),
          priority: p(num, 'Order in which networks are connected.'),
          gw_priority: p(num, 'Which network gives the default gateway.'),
          driver_opts: p(map(oneOf(str, num)), 'Driver options for the endpoint.'),
          interface_name: p(str, 'Interface name in the container.'),
        })),
      ),
    ),
    'Networks the service joins.',
  ),
  oom_kill_disable: p(bool, 'Do not OOM-kill the container.'),
  oom_score_adj: p(int, 'OOM score adjustment (-1000–1000).'),
  pid: p(orNull(str), 'PID mode, e.g. `host`.'),
  pids_limit: p(oneOf(int, str), 'Maximum number of processes.'),
  platform: p(str, 'Platform, e.g. `linux/amd64`.'),
  ports: p(list(port), 'Published ports, `[HOST_IP:]HOST_PORT:CONTAINER_PORT[/PROTOCOL]`.'),
  pre_start: p(list(preStartHook), 'Steps run to completion, each in its own container, before the service\'s container starts.', { since: '5.3' }),
  post_start: p(list(hook), 'Commands run in the container after it starts.', { since: '2.30' }),
  pre_stop: p(list(hook), 'Commands run in the container before it stops.', { since: '2.30' }),
  privileged: p(bool, 'Give the container all capabilities and devices.'),
  profiles: p(list(str), 'Profiles that enable the service (`--profile`); without profiles it always starts.'),
  provider: p(obj({ type: p(str, 'Provider plugin.'), options: p(map(oneOf(str, num, bool, list(oneOf(str, num, bool)))), 'Provider options.') }, ['type']), 'A service implemented by a provider plugin instead of a container.', { since: '2.36' }),
  pull_refresh_after: p(str, 'How old a pulled image may get before `pull_policy: refresh` pulls it again.'),
  pull_policy: p({ t: 'string', enum: ['always', 'never', 'missing', 'if_not_present', 'build', 'refresh', 'daily', 'weekly'], pattern: /^every_\d+[smhdw]?/ }, 'When to pull the image.'),
  read_only: p(bool, 'Mount the root filesystem read-only.'),
  restart: p({ t: 'string', enum: ['no', 'always', 'on-failure', 'unless-stopped'], pattern: /^on-failure:\d+$/ }, 'Restart policy: `no`, `always`, `on-failure[:N]`, `unless-stopped`.'),
  runtime: p(str, 'OCI runtime, e.g. `runc`, `nvidia`.'),
  scale: p(oneOf(int, str), 'Number of containers (use `deploy.replicas`).'),
  secrets: p(list(fileRef), 'Secrets (top-level `secrets:`) mounted under `/run/secrets/`.'),
  security_opt: p(list(str), 'Security options, e.g. `no-new-privileges:true`.'),
  shm_size: p(bytes, 'Size of `/dev/shm` (default 64 MB), e.g. `2gb`.'),
  stdin_open: p(bool, 'Keep stdin open (`docker run -i`).'),
  stop_grace_period: p(dur, 'Time to wait after the stop signal before killing (default 10s).'),
  stop_signal: p(str, 'Signal that stops the container.'),
  storage_opt: p(map(oneOf(str, num)), 'Storage driver options, e.g. `size`.'),
  sysctls: p(listOrDict, 'Kernel parameters.'),
  tmpfs: p(stringOrList, 'tmpfs mounts.'),
  tty: p(bool, 'Allocate a TTY (`docker run -t`).'),
  ulimits: p(ulimits, 'ulimits, e.g. `nofile: {soft: 65536, hard: 65536}`.'),
  use_api_socket: p(bool, 'Mount the Docker API socket with the caller\'s credentials.', { since: '2.35' }),
  user: p(str, 'User (and group) to run as, `uid[:gid]`.'),
  userns_mode: p(str, 'User namespace mode.'),
  uts: p(str, 'UTS namespace mode.'),
  volume_driver: p(str, 'Default volume driver (legacy).'),
  volumes: p(list(serviceVolume), 'Mounts, `SOURCE:TARGET[:MODE]` or the long form.'),
  volumes_from: p(list(str), 'Mount all volumes of another service or container.'),
  working_dir: p(str, 'Working folder (overrides `WORKDIR`).'),
};

const external = oneOf(bool, obj({ name: p(str, 'Name of the external resource.') }));

const NETWORK_PROPS: Record<string, Prop> = {
  name: p(str, 'Name of the network on the engine (no project prefix).'),
  driver: p(str, 'Network driver: `bridge`, `overlay`, `macvlan`, …'),
  driver_opts: p(map(oneOf(str, num)), 'Driver options.'),
  ipam: p(
    obj({
      driver: p(str, 'IPAM driver.'),
      config: p(list(obj({ subnet: p(str, 'Subnet in CIDR form.'), ip_range: p(str, 'Range to allocate from.'), gateway: p(str, 'Gateway address.'), aux_addresses: p(map(str), 'Reserved addresses.') })), 'Address pools.'),
      options: p(map(str), 'Driver options.'),
    }),
    'Address management: fixed subnets for the network.',
  ),
  external: p(external, 'The network exists already; Compose does not create it.'),
  internal: p(bool, 'No outside connectivity.'),
  enable_ipv4: p(bool, 'Give the network IPv4 addresses (default true).', { since: '2.33' }),
  enable_ipv6: p(bool, 'Give the network IPv6 addresses.'),
  attachable: p(bool, 'Standalone containers may join (overlay).'),
  labels: p(listOrDict, 'Network labels.'),
};

const VOLUME_PROPS: Record<string, Prop> = {
  name: p(str, 'Name of the volume on the engine (no project prefix).'),
  driver: p(str, 'Volume driver.'),
  driver_opts: p(map(oneOf(str, num)), 'Driver options, e.g. an NFS `type`, `o`, `device`.'),
  external: p(external, 'The volume exists already; Compose does not create it.'),
  labels: p(listOrDict, 'Volume labels.'),
};

const SECRET_PROPS: Record<string, Prop> = {
  name: p(str, 'Name of the secret on the engine.'),
  file: p(str, 'File holding the secret.'),
  environment: p(str, 'Environment variable holding the secret.'),
  content: p(str, 'The secret inline.'),
  external: p(external, 'The secret exists already.'),
  labels: p(listOrDict, 'Labels.'),
  driver: p(str, 'Secret driver.'),
  driver_opts: p(map(oneOf(str, num)), 'Driver options.'),
  template_driver: p(str, 'Template driver.'),
};

const CONFIG_PROPS: Record<string, Prop> = {
  name: p(str, 'Name of the config on the engine.'),
  file: p(str, 'File holding the config.'),
  environment: p(str, 'Environment variable holding the config.'),
  content: p(str, 'The config inline (interpolated).'),
  external: p(external, 'The config exists already.'),
  labels: p(listOrDict, 'Labels.'),
  template_driver: p(str, 'Template driver.'),
};

const MODEL_PROPS: Record<string, Prop> = {
  name: p(str, 'Name of the model.'),
  model: p(str, 'Model reference, e.g. `ai/smollm2`.'),
  context_size: p(int, 'Context window size.'),
  runtime_flags: p(list(str), 'Flags for the inference engine.'),
};

export const TOP_LEVEL_PROPS: Record<string, Prop> = {
  version: p(oneOf(str, num), 'Obsolete: Compose v2 ignores it and warns "the attribute `version` is obsolete".', { deprecated: 'ignored by Compose v2' }),
  name: p(str, 'Project name: prefixes container, network and volume names. Without it the folder name is used.'),
  include: p(
    list(oneOf(str, obj({ path: p(stringOrList, 'Compose file(s) to include.'), env_file: p(stringOrList, 'Env files for the included project.'), project_directory: p(str, 'Folder relative paths resolve against.') }))),
    'Other Compose files whose services, networks and volumes become part of this project.',
    { since: '2.20' },
  ),
  services: p(map(obj(SERVICE_PROPS)), 'The containers of the project, one entry per service.'),
  networks: p(map(orNull(obj(NETWORK_PROPS))), 'Networks services can join; the project also gets a `default` network.'),
  volumes: p(map(orNull(obj(VOLUME_PROPS))), 'Named volumes.'),
  secrets: p(map(obj(SECRET_PROPS)), 'Secrets services can mount.'),
  configs: p(map(obj(CONFIG_PROPS)), 'Configs services can mount.'),
  models: p(map(obj(MODEL_PROPS, ['model'])), 'AI models services can use.', { since: '2.38' }),
};

export const COMPOSE_ROOT: Shape = obj(TOP_LEVEL_PROPS);

/** Describes a shape for messages and hovers: "a string", "a list or a mapping". */
export function describeShape(s: Shape): string {
  switch (s.t) {
    case 'string':
      return s.enum ? `one of ${s.enum.map((v) => `"${v}"`).join(', ')}` : 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'duration':
      return 'a duration such as "30s" or "1m30s"';
    case 'bytes':
      return 'a size such as "512m" or "2gb"';
    case 'list':
      return 'a list';
    case 'map':
    case 'object':
      return 'a mapping';
    case 'oneOf': {
      const parts = [...new Set(s.of.map(describeShape))];
      return parts.length <= 1 ? parts[0] ?? 'a value' : parts.slice(0, -1).join(', ') + ' or ' + parts[parts.length - 1];
    }
    default:
      return 'a value';
  }
}


/**
 * What Compose's loader (compose-go) refuses after the schema has passed, as data for compose-schema: its validation
 * step (`external` volumes, device requests), its transform step (`external.name`) and its normalisation (which keys
 * make one service wait for another, so that a circle of them is refused).
 */
export const COMPOSE_LOADER: {
  readonly externalSections: readonly string[];
  readonly externalExclusive: readonly string[];
  readonly externalAllows: readonly string[];
  readonly exclusiveDeviceKeys: readonly [string, string];
  readonly envListPaths: readonly (readonly string[])[];
  readonly sharedNamespaces: readonly string[];
} = {
  /** Top-level sections whose entries may be `external`. */
  externalSections: ['volumes', 'networks', 'secrets', 'configs'],
  /** Sections where `external: true` admits no other key than these ("conflicting parameters"). */
  externalExclusive: ['volumes'],
  externalAllows: ['name', 'external'],
  /** A device request picks devices by number or by id, not both. */
  exclusiveDeviceKeys: ['count', 'device_ids'],
  /** `KEY=value` lists whose names may not end in a space (service paths). */
  envListPaths: [['environment'], ['build', 'args']],
  /** `KEY: service:NAME` settings that make a service depend on NAME, besides depends_on, links and volumes_from. */
  sharedNamespaces: ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'],
};

/** Service keys of the Compose v1 format (services at the top level) that the Compose Specification dropped. */
export const V1_ONLY_SERVICE_KEYS: readonly string[] = ['net', 'log_driver', 'log_opt', 'dockerfile'];

/**
 * Variables the Compose CLI reads from the shell or the project's `.env` file (never from a service's
 * `environment:`), with what is lost when one is set there instead, and where it belongs.
 */
export const COMPOSE_CLI_VARIABLES: Record<string, { effect: string; instead: string }> = {
  COMPOSE_PROJECT_NAME: {
    effect: 'the project keeps the name of the folder (or of `name:`), which prefixes every container, network and volume',
    instead: 'Name the project with a top-level `name:`, `docker compose -p`, or COMPOSE_PROJECT_NAME in the shell or the project\'s `.env` file.',
  },
  COMPOSE_FILE: {
    effect: 'the files Compose loads stay `compose.yaml` and its override',
    instead: 'Set COMPOSE_FILE in the shell or the project\'s `.env` file, or pass `-f`.',
  },
  COMPOSE_PROFILES: {
    effect: 'no profile is enabled by it',
    instead: 'Set COMPOSE_PROFILES in the shell or the project\'s `.env` file, or pass `--profile`.',
  },
};
