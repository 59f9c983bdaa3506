// Error messages users arrive with, and what each one means: the known causes, how to confirm each on the host, how
// to fix it, and the shipshape rules (and doctor host checks) that detect it. Facts only; the matching logic lives in
// explain/explain.ts and docs/symptoms/<id>.md is generated from this table (`npm run docs:symptoms`).
//
// Commands are templates: `{name}` is filled from the message (see explain.ts for the names it extracts: dataRoot,
// path, dir, merged, layerDir, container, image, file, unit, fd, lockFile, device, key) or from `defaults`.

export interface ConfirmStep {
  /** A read-only command to run on the host. */
  command: string;
  /** What its output tells. */
  shows: string;
}

export interface Cause {
  /** Stable within its symptom, kebab-case. */
  id: string;
  title: string;
  /** Why this happens, in a few sentences. */
  why: string;
  confirm: ConfirmStep[];
  fix: string[];
  /** shipshape rule ids (RULES.md) that find this cause in files. */
  rules: string[];
  /** `shipshape doctor` host check ids that find it on a live host. */
  hostChecks?: string[];
  /** When the message matches, this cause is the most likely one and is listed first. */
  preferWhen?: RegExp;
  /**
   * Only findings whose message matches count as evidence of this cause (a rule may cover several causes:
   * daemon-legacy-storage-driver reports overlay, aufs and devicemapper alike).
   */
  evidenceWhen?: RegExp;
}

export interface Symptom {
  /** kebab-case, the docs page name: docs/symptoms/<id>.md */
  id: string;
  /** The words users search for. */
  title: string;
  /** One or two sentences: what the message means. */
  summary: string;
  /** Real messages as they appear in logs and terminals (docs, tests). */
  examples: string[];
  /** A line matches the symptom when any pattern matches it. */
  patterns: RegExp[];
  /** Named groups that fill the command placeholders. */
  extract?: RegExp[];
  /** Placeholder values when the message does not carry them. */
  defaults?: Record<string, string>;
  causes: Cause[];
}

const LEAK_HOLDERS = "grep -lE '{mergedRe}' /proc/[0-9]*/mountinfo | cut -d/ -f3 | xargs -r ps -o pid,ppid,comm -p";

export const SYMPTOMS: readonly Symptom[] = [
  {
    id: 'too-many-links',
    title: 'too many links',
    summary:
      'The kernel refused to add one more hard link to a file, or one more subdirectory to a directory (EMLINK). On Docker hosts this is almost always the legacy `overlay` storage driver on ext4.',
    examples: [
      'link /data/docker/storage/overlay/7c1f3b5a2e4d6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819/root/var/lib/yum/yumdb/p/0a1b2c3d-perl-Pod-Escapes-1.04-286.el7-noarch/checksum_type /data/docker/storage/overlay/1f2e3d4c5b6a79880f1e2d3c4b5a69780f1e2d3c4b5a69780f1e2d3c4b5a6978/tmproot012345/var/lib/yum/yumdb/p/0a1b2c3d-perl-Pod-Escapes-1.04-286.el7-noarch/checksum_type: too many links',
      'mkdir /srv/cache/sessions/4f1a: too many links',
    ],
    patterns: [/\btoo many links\b/i, /\bEMLINK\b/],
    extract: [/\blink (?<path>\/\S+) \S+: too many links/i, /\bmkdir (?<path>\/[^\s:]+): too many links/i],
    defaults: { path: '<file named in the message>' },
    causes: [
      {
        id: 'legacy-overlay-hard-links',
        title: 'The legacy `overlay` storage driver hard-links every layer into the next',
        why:
          'The old `overlay` driver (not `overlay2`) builds each image layer by hard-linking every file of the layer below. A file that is identical across many layers and images (yum\'s `checksum_type`, `from_repo`, `reason` files under `/var/lib/yum/yumdb`) ends up with one inode and tens of thousands of links. ext4 caps a file at 65000 links, so a pull or build fails once that count is reached. The driver was deprecated in Docker 18.09 and removed in 24.0.',
        confirm: [
          { command: "docker info --format '{{.Driver}}'", shows: '`overlay` (not `overlay2`) means the legacy driver is in use.' },
          { command: "stat -c 'links=%h inode=%i' {path}", shows: 'the link count of the file the error names; 65000 is the ext4 limit.' },
          { command: 'find {dataRoot}/overlay -xdev -inum "$(stat -c %i {path})" | wc -l', shows: 'how many paths share that inode across the layers.' },
          { command: 'df -T {dataRoot}', shows: 'the backing filesystem (`ext4` has the 65000-link limit).' },
        ],
        fix: [
          'Set `"storage-driver": "overlay2"` in /etc/docker/daemon.json (and drop any `--storage-driver=overlay` / `-s overlay` from docker.service), then restart dockerd.',
          'Images and containers stored by the old driver are not visible to overlay2: `docker save` what you need first, then pull or rebuild images after the switch.',
        ],
        rules: ['daemon-legacy-storage-driver', 'dockerd-deprecated-flag'],
        evidenceWhen: /\boverlay\b/,
        hostChecks: ['host-legacy-overlay-link-count'],
        preferWhen: /\/overlay\/[0-9a-f]{12,}/,
      },
      {
        id: 'ext4-subdirectory-limit',
        title: 'A directory on ext4 already holds 65000 subdirectories',
        why:
          'Each subdirectory adds a link to its parent. Without the ext4 `dir_nlink` feature a directory cannot hold more than 64998 subdirectories, and `mkdir` fails with EMLINK. Session, cache and upload folders that create one directory per item hit it.',
        confirm: [
          { command: 'find {dir} -mindepth 1 -maxdepth 1 -type d | wc -l', shows: 'the number of subdirectories (near 65000 confirms it).' },
          { command: "findmnt -n -o SOURCE --target {dir} | xargs -r sudo tune2fs -l | grep -o 'dir_nlink'", shows: 'nothing when the filesystem lacks `dir_nlink`.' },
        ],
        fix: ['Spread the entries over a second level of directories (`ab/cd/<id>`), or clean the folder up on a schedule.', 'Or enable `dir_nlink` on the filesystem (`tune2fs -O dir_nlink <device>`, unmounted).'],
        rules: [],
        preferWhen: /\bmkdir\b/i,
      },
    ],
  },
  {
    id: 'device-or-resource-busy',
    title: 'device or resource busy',
    summary:
      'Docker could not unmount or remove a container\'s layer (EBUSY): the mount is still held somewhere. Containers fail to be removed and Kubernetes Pods stay in `Terminating`.',
    examples: [
      'Error response from daemon: container 4102a0e5c7f3: driver "overlay2" failed to remove root filesystem: unlinkat /home/docker_rt/overlay2/e5da61b6f1b0c0a6e7e42d6c0a3e4c2a0d1e8f7b6c5d4e3f2a1b0c9d8e7f6a5b/merged: device or resource busy',
      'ERROR: for db  Driver overlay2 failed to remove root filesystem 15874c3878fe: remove /var/lib/docker/overlay2/d4b505c0bf5d/merged: device or resource busy',
      'UnmountVolume.TearDown failed for volume "data" : remove /var/lib/kubelet/pods/1c2d/volumes/kubernetes.io~empty-dir/data: device or resource busy',
    ],
    patterns: [/device or resource busy/i, /\bEBUSY\b/, /\bDevice is Busy\b/i],
    extract: [/\bcontainer (?<container>[0-9a-f]{6,64})\b/i, /root filesystem (?:for )?(?<container>[0-9a-f]{6,64})\b/i],
    causes: [
      {
        id: 'mountflags-live-restore',
        title: 'docker.service has `MountFlags=slave` (or `private`) while live-restore is on',
        why:
          '`MountFlags=` puts dockerd in its own mount namespace. With live-restore, containers keep running across a daemon restart, held by containerd-shim in the old namespace; the restarted dockerd lives in a new one. The container\'s layer stays mounted in the old namespace, so removing it fails with EBUSY and Pods hang in Terminating. Upstream removed `MountFlags=` from docker.service in 2016 for this reason; some distribution packages kept it.',
        confirm: [
          { command: 'systemctl show docker --property=MountFlags', shows: '`slave` or `private` confirms it; an empty value (unset) or `shared` rules it out.' },
          { command: "docker info --format '{{.LiveRestoreEnabled}}'", shows: '`true` when live-restore is on.' },
          { command: LEAK_HOLDERS, shows: 'the processes (often `containerd-shim`) whose mount namespace still holds the layer.' },
        ],
        fix: [
          'Remove `MountFlags=` from docker.service and its drop-ins (`systemctl cat docker` shows where), then `systemctl daemon-reload` and restart docker.',
          'Free the mounts already leaked: stop the containers they belong to, or restart the processes that hold them (the confirm command lists them).',
        ],
        rules: ['live-restore-with-mountflags-slave'],
        hostChecks: ['host-overlay-mount-leaked'],
        preferWhen: /(?:remove|unlinkat|unmount|umount|rmdir)[^\n]*\/merged\b/i,
      },
      {
        id: 'mount-copied-into-other-namespace',
        title: 'Another process\'s mount namespace holds a copy of the layer mount',
        why:
          'A process that created its own mount namespace while the container ran (a systemd service with `PrivateTmp=`/`ProtectSystem=`, a container that bind-mounts `/var/lib/docker` or `/` without `rslave` propagation, such as some monitoring agents) got a private copy of every mount, the container\'s layer included. When the container is removed, dockerd unmounts its own copy but cannot remove the directory while the other copy lives.',
        confirm: [
          { command: LEAK_HOLDERS, shows: 'the processes whose namespace still holds the layer.' },
          { command: "docker ps -q | xargs -r docker inspect --format '{{.Name}} {{range .Mounts}}{{.Source}} {{end}}' | grep -E ' (/|{dataRoot})( |$)'", shows: 'containers that bind-mount the host root or the data root.' },
        ],
        fix: [
          'Restart the holding process (or service), after which the copy disappears; then remove the container again.',
          'Mount `/var/lib/docker` (or `/`) into agents with `:rslave` propagation so unmounts reach them.',
        ],
        rules: [],
        hostChecks: ['host-overlay-mount-leaked'],
      },
      {
        id: 'process-inside-mount',
        title: 'A process has its working directory or open files inside the layer',
        why: 'A shell `cd`\'d into `.../merged`, a backup or antivirus scanner walking `/var/lib/docker`, or a leftover process keeps the mount busy.',
        confirm: [{ command: 'fuser -vm {merged}', shows: 'the processes using the mount (run as root).' }],
        fix: ['Leave the directory or stop the process, then remove the container again.', 'Exclude the data root from scanners and backups.'],
        rules: [],
      },
      {
        id: 'overlay-index-on',
        title: 'The kernel\'s overlay `index` feature is on and the engine is older than 18.09',
        why: 'With `index=on` overlayfs refuses to mount an upper directory that another mount already uses. Docker 18.09 and later mount with `index=off`; older engines fail to start containers with "error creating overlay mount to .../merged: device or resource busy", and the kernel logs "overlayfs: upperdir is in-use by another mount".',
        confirm: [
          { command: 'cat /sys/module/overlay/parameters/index', shows: '`Y` means the feature is on by default.' },
          { command: "dmesg | grep 'upperdir is in-use'", shows: 'the kernel refusing the mount.' },
        ],
        fix: ['Upgrade Docker, or add `options overlay index=off` in /etc/modprobe.d/ and reload the module (reboot).'],
        rules: [],
        hostChecks: ['host-overlay-module-params'],
        preferWhen: /error creating overlay mount/i,
      },
      {
        id: 'devicemapper-busy',
        title: 'devicemapper thin devices still open',
        why: 'With the `devicemapper` driver a container\'s thin device stays open while any namespace holds its mount; removal fails with "Device is Busy". The driver was removed in Docker 25.0.',
        confirm: [
          { command: "docker info --format '{{.Driver}}'", shows: '`devicemapper` confirms the driver.' },
          { command: "grep -l 'devicemapper/mnt' /proc/[0-9]*/mountinfo", shows: 'processes holding devicemapper mounts.' },
        ],
        fix: ['Move to `overlay2` (`"storage-driver": "overlay2"`); images must be pulled again.'],
        rules: ['daemon-legacy-storage-driver'],
        evidenceWhen: /devicemapper/i,
        preferWhen: /devmapper|devicemapper|Device is Busy/i,
      },
    ],
  },
  {
    id: 'input-device-not-a-tty',
    title: 'the input device is not a TTY',
    summary:
      'The docker CLI was asked for a terminal (`-t`, `-it`) while its standard input is not one: under cron, in CI, in a systemd unit or with input piped in. The command exits at once; a backup it was meant to write ends up empty.',
    examples: [
      'the input device is not a TTY',
      'cannot attach stdin to a TTY-enabled container because stdin is not a terminal',
      'the input device is not a TTY.  If you are using mintty, try prefixing the command with \'winpty\'',
    ],
    patterns: [/the input device is not a TTY/i, /cannot attach stdin to a TTY-enabled container/i, /cannot enable tty mode on non tty input/i],
    causes: [
      {
        id: 'tty-flag-without-terminal',
        title: '`docker exec -it` / `docker run -it` where no terminal exists',
        why:
          'The docker CLI checks that its stdin is a terminal when a TTY is requested with stdin attached. Cron jobs, CI steps, systemd services and scripts fed by a pipe have no terminal, so `-t` makes the command fail (`the input device is not a TTY` up to docker CLI 29.3, `cannot attach stdin to a TTY-enabled container because stdin is not a terminal` from 29.4).',
        confirm: [
          { command: "grep -rnE 'docker(-compose| compose)? (exec|run)[^|;]* -[a-z]*t' /etc/crontab /etc/cron.d /var/spool/cron 2>/dev/null", shows: 'crontab lines that ask for a TTY.' },
          { command: 'crontab -l | grep -n -- "-it"', shows: 'the same in your own crontab.' },
        ],
        fix: ['Drop `-t` (keep `-i` only when the command reads stdin, e.g. `docker exec -i db mysql < dump.sql`).'],
        rules: ['tty-without-terminal'],
      },
      {
        id: 'compose-exec-tty',
        title: '`docker-compose exec` without `-T`',
        why: 'Compose v1 (`docker-compose`) allocates a TTY for `exec` unless told `-T`, and fails the same way since 1.19. Compose v2 before 2.3.4 did too; later versions turn the TTY off when stdout is not a terminal.',
        confirm: [{ command: "grep -rnE 'docker(-| )compose .*exec' /etc/crontab /etc/cron.d /var/spool/cron 2>/dev/null", shows: 'compose exec calls in crontabs.' }],
        fix: ['Add `-T` (`docker compose exec -T db pg_dump ...`).'],
        rules: ['compose-exec-without-no-tty'],
        preferWhen: /compose/i,
      },
    ],
  },
  {
    id: 'no-space-left-on-device',
    title: 'No space left on device',
    summary:
      'A write failed with ENOSPC. On a Docker host that means one of four different things: the disk is out of blocks, out of inodes, a devicemapper container hit its fixed size (`dm.basesize`), or a container\'s `/dev/shm` is full.',
    examples: [
      'write /var/lib/docker/tmp/GetImageBlob123456: no space left on device',
      'failed to register layer: Error processing tar file(exit status 1): write /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1: no space left on device',
      'ERROR: could not resize shared memory segment "/PostgreSQL.1234": No space left on device',
    ],
    patterns: [/no space left on device/i, /\bENOSPC\b/],
    extract: [/(?:write|open|mkdir|create) (?<path>\/[^\s:]+)/i],
    defaults: { path: '{dataRoot}' },
    causes: [
      {
        id: 'blocks-full',
        title: 'The filesystem is out of blocks (disk full)',
        why: 'Container logs without rotation (the default `json-file` driver keeps everything), unused images, build cache and stopped containers fill the data root.',
        confirm: [
          { command: 'df -h {dataRoot}', shows: '`Use%` at or near 100% confirms it.' },
          { command: 'docker system df', shows: 'what Docker itself uses: images, containers, volumes, build cache.' },
          { command: "sudo sh -c 'du -sh {dataRoot}/containers/*/*-json.log | sort -h | tail'", shows: 'the biggest container logs.' },
        ],
        fix: [
          'Rotate logs: `"log-opts": {"max-size": "10m", "max-file": "3"}` in daemon.json (applies to new containers), or `logging:` per compose service.',
          'Remove what is unused: `docker image prune`, `docker builder prune` (check before pruning volumes).',
        ],
        rules: ['daemon-log-rotation-missing', 'compose-log-rotation-missing', 'useradd-without-no-log-init', 'package-cache-left', 'build-context-without-dockerignore'],
        hostChecks: ['host-inodes-low'],
      },
      {
        id: 'inodes-exhausted',
        title: 'The filesystem is out of inodes',
        why: '`df -h` shows free space, yet writes fail: every inode is used. Many small files do this (package manager metadata in many images, the legacy `overlay` driver, mail or session folders).',
        confirm: [{ command: 'df -i {dataRoot}', shows: '`IUse%` at 100% while `df -h` still shows space.' }],
        fix: ['Remove unused images and containers (`docker image prune -a` after checking), or move the data root to a filesystem with more inodes (`mkfs.ext4 -i 8192`, or xfs).', 'Stop using the legacy `overlay` driver.'],
        rules: ['daemon-legacy-storage-driver'],
        evidenceWhen: /\boverlay\b/,
        hostChecks: ['host-inodes-low'],
      },
      {
        id: 'devicemapper-basesize',
        title: 'A devicemapper container filled its fixed-size device (`dm.basesize`)',
        why: 'With `devicemapper` every container gets a thin device of `dm.basesize` (10 GB by default) regardless of free disk. A new `dm.basesize` applies only to images pulled after the storage is recreated, and `storage-opt` (singular) in daemon.json is silently ignored.',
        confirm: [
          { command: "docker info --format '{{.Driver}}'", shows: '`devicemapper`.' },
          { command: 'docker exec {container} df -h /', shows: 'the container root at its size limit while the host has space.' },
        ],
        fix: ['Set `"storage-opts": ["dm.basesize=20G"]` (plural key), recreate the storage, pull images again — or better, move to `overlay2`.'],
        rules: ['daemon-storage-opt-mismatch', 'daemon-ignored-key', 'daemon-legacy-storage-driver'],
        evidenceWhen: /devicemapper|\bdm\.|storage-opt\b/i,
        preferWhen: /devmapper|devicemapper|thin/i,
      },
      {
        id: 'shm-full',
        title: 'The container\'s `/dev/shm` (64 MB by default) is full',
        why: 'Docker gives each container a 64 MB `/dev/shm`. PostgreSQL parallel queries, Chrome/Selenium and PyTorch data loaders need more, and fail with ENOSPC on shared memory.',
        confirm: [{ command: 'docker exec {container} df -h /dev/shm', shows: '`/dev/shm` at 64M and full.' }],
        fix: ['Give the service more: `shm_size: "1gb"` in compose, `--shm-size=1g` on `docker run`.'],
        rules: ['compose-shm-size'],
        preferWhen: /shared memory|\/dev\/shm|PostgreSQL\./i,
      },
    ],
  },
  {
    id: 'bus-error',
    title: 'Bus error (core dumped)',
    summary: 'A process got SIGBUS, usually while touching shared memory that could not be backed: in containers, a `/dev/shm` that is too small.',
    examples: ['Bus error (core dumped)', 'ERROR: Unexpected bus error encountered in worker. This might be caused by insufficient shared memory (shm).'],
    patterns: [/\bbus error\b/i, /\bSIGBUS\b/],
    causes: [
      {
        id: 'shm-too-small',
        title: '`/dev/shm` is 64 MB',
        why: 'Docker mounts a 64 MB tmpfs on `/dev/shm`. Programs that map shared memory beyond it (PyTorch DataLoader workers, Chrome, TensorFlow, some databases) get SIGBUS when they touch a page the tmpfs cannot hold.',
        confirm: [{ command: 'docker exec {container} df -h /dev/shm', shows: 'a 64M `/dev/shm`.' }],
        fix: ['Set `shm_size` (compose) or `--shm-size` (`docker run`), or `ipc: host` where sharing the host\'s IPC namespace is acceptable.'],
        rules: ['compose-shm-size'],
      },
      {
        id: 'file-truncated-under-mmap',
        title: 'A memory-mapped file was truncated or its disk filled',
        why: 'Reading a page of an mmap-ed file past its current end (another process truncated it, or the write behind it failed on a full disk) raises SIGBUS.',
        confirm: [{ command: 'df -h {dataRoot} && df -i {dataRoot}', shows: 'a full filesystem behind the mapped file.' }],
        fix: ['Free space; make sure files are not truncated while mapped.'],
        rules: [],
      },
    ],
  },
  {
    id: 'failed-to-map-segment',
    title: 'failed to map segment from shared object',
    summary: 'The dynamic loader could not map a shared library executable: the library sits on a filesystem mounted `noexec`, usually `/tmp`.',
    examples: [
      'docker-compose: error while loading shared libraries: libz.so.1: failed to map segment from shared object: Operation not permitted',
      '/tmp/_MEIa1b2c3/libpython3.9.so.1.0: failed to map segment from shared object',
    ],
    patterns: [/failed to map segment from shared object/i],
    extract: [/(?<path>\/tmp\/[^\s:]+)/, /loading shared libraries: (?<library>[^\s:]+)/],
    defaults: { library: '<library>' },
    causes: [
      {
        id: 'tmp-noexec',
        title: '`/tmp` is mounted `noexec`',
        why: 'Self-extracting binaries (the PyInstaller-built `docker-compose` v1, many installers) unpack their libraries into `$TMPDIR` (default `/tmp`) and load them from there. Hardened hosts mount `/tmp` with `noexec`, so mapping those libraries executable fails.',
        confirm: [{ command: 'findmnt -n -o OPTIONS /tmp', shows: '`noexec` among the options.' }],
        fix: ['Point the program at an exec-able temp dir: `TMPDIR=/var/tmp/compose docker-compose ...` (create it first; the variable must be set in cron and units too).', 'Or use Compose v2 (`docker compose`), a plain Go binary that extracts nothing.'],
        rules: [],
        hostChecks: ['host-tmp-noexec'],
      },
    ],
  },
  {
    id: 'image-has-dependent-child-images',
    title: 'image has dependent child images',
    summary: 'An image cannot be deleted by ID while other local images were built on top of it.',
    examples: ['Error response from daemon: conflict: unable to delete 2bdbe6a8b9c7 (cannot be forced) - image has dependent child images'],
    patterns: [/image has dependent child images/i],
    extract: [/unable to delete (?<image>[0-9a-f]{6,64})/i],
    causes: [
      {
        id: 'children-built-on-image',
        title: 'Other local images use it as their parent',
        why: 'Images built locally keep a parent chain. Deleting a parent by ID is refused while a child exists; cleanup scripts that feed `docker rmi` a list of IDs (`docker rmi $(docker images -q)`) hit it on every parent in the list.',
        confirm: [{ command: "docker image ls -a --filter since={image} --format '{{.ID}} {{.Repository}}:{{.Tag}}'", shows: 'the images created after it; their parents lead back to it.' }],
        fix: ['Delete the child images first, or let Docker work out the order: `docker image prune` (dangling only) or `docker image prune -a` after checking what it removes.'],
        rules: ['empty-substitution-rmi'],
      },
    ],
  },
  {
    id: 'cannot-remove-default-name',
    title: 'cannot remove the default name of the container',
    summary: 'A container was removed with the "remove link" option (`docker rm -l`/`--link`, or `link=True` in an API client) and a container name instead of a link name.',
    examples: ['Error response from daemon: Conflict, cannot remove the default name of the container'],
    patterns: [/cannot remove the default name of the container/i],
    causes: [
      {
        id: 'rm-link-flag',
        title: '`docker rm -l` (`--link`) given where `-f`/`-v` was meant',
        why: '`-l`/`--link` removes a legacy container link (`/parent/alias`), not a container. Given a plain container name it refuses, and the container stays. In API clients the third positional argument of remove-container is often `link`, not `force`.',
        confirm: [{ command: "grep -rnE 'docker rm [^|;]*(-[a-z]*l|--link)' /etc/crontab /etc/cron.d /var/spool/cron 2>/dev/null", shows: 'scripts that pass `-l`.' }],
        fix: ['Drop `-l`/`--link` (`docker rm -f <name>`); in API clients pass `force=True` by name.'],
        rules: [],
      },
    ],
  },
  {
    id: 'dm-task-run-failed',
    title: 'dm_task_run failed',
    summary: 'The devicemapper storage driver could not create or activate a thin device: the thin pool is full or broken, often on the default loop-lvm setup.',
    examples: [
      'devmapper: Error running deviceCreate (CreateSnapDeviceRaw) dm_task_run failed',
      'Error response from daemon: devmapper: Thin Pool has 1521 free data blocks which is less than minimum required 163840 free data blocks. Create more free space in thin pool or use dm.min_free_space option to change behavior',
    ],
    patterns: [/dm_task_run failed/i, /devmapper: Thin Pool has \d+ free/i, /devmapper: Error running device/i],
    causes: [
      {
        id: 'thin-pool-full',
        title: 'The devicemapper thin pool is out of data or metadata space',
        why: 'devicemapper stores every image and container in one thin pool. On loop-lvm (sparse files under the data root) or an undersized LVM pool it fills up, and creating a snapshot device fails.',
        confirm: [
          { command: "docker info --format '{{.Driver}} {{json .DriverStatus}}'", shows: '`devicemapper`, the data/metadata space used and whether a loop file backs it.' },
          { command: 'sudo lvs -o+seg_monitor', shows: 'thin pool `Data%`/`Meta%` near 100 (direct-lvm).' },
        ],
        fix: ['Move to `overlay2`: devicemapper is deprecated since 18.09 and removed in Docker 25.0. Until then, remove unused images and extend the pool.'],
        rules: ['daemon-legacy-storage-driver', 'daemon-storage-opt-mismatch'],
        evidenceWhen: /devicemapper|\bdm\./i,
      },
    ],
  },
  {
    id: 'invalid-argument-removing-container',
    title: 'invalid argument when removing a container',
    summary: 'Unmounting a container\'s layer failed with EINVAL: the path is not a mount point in dockerd\'s view, because another mount now covers it.',
    examples: [
      'Error response from daemon: driver "overlay2" failed to remove root filesystem for 3f9c2a1b7d4e: error while unmounting /var/lib/docker/overlay2/8d1c7e2f/merged: invalid argument',
      'unmount /var/lib/docker/overlay2/8d1c7e2f/merged: invalid argument',
    ],
    patterns: [/(?:failed to remove root filesystem|unmount|umount|error while removing|error removing)[^\n]*\binvalid argument\b/i, /\/merged\b[^\n]*\binvalid argument\b/i],
    causes: [
      {
        id: 'overlay2-dir-covered',
        title: 'A filesystem was mounted on `<data-root>/overlay2` (or the data root) while containers ran',
        why: 'Mounting a new disk on `/var/lib/docker/overlay2` or `/var/lib/docker` while containers are running hides their layer mounts beneath it. The kernel no longer finds them at that path, so `umount` returns EINVAL and removal fails; the old layers stay mounted and keep using space on the hidden filesystem.',
        confirm: [
          { command: 'findmnt -R {dataRoot}', shows: 'a mount on `{dataRoot}/overlay2` (or `{dataRoot}`) listed after container `merged` mounts that sit under it.' },
          { command: "grep -c ' {dataRoot}/overlay2/' /proc/self/mountinfo", shows: 'how many layer mounts the namespace still has.' },
        ],
        fix: ['Stop docker (and the containers), unmount the covering filesystem, let the old layer mounts go, then mount the disk and start docker again — or move the data root properly with `data-root` in daemon.json while docker is stopped.'],
        rules: [],
        hostChecks: ['host-overlay2-mount-covered'],
      },
    ],
  },
  {
    id: 'invalid-cross-device-link',
    title: 'Invalid cross-device link',
    summary: 'A `rename()` returned EXDEV inside a container: on overlayfs a directory that comes from an image layer cannot be renamed unless the kernel\'s `redirect_dir` feature is on, and files cannot be renamed across volume mounts.',
    examples: ["mv: cannot move '/var/lib/app/cache' to '/var/lib/app/cache.old': Invalid cross-device link", 'Error while renaming /var/lib/selinux/targeted/active to /var/lib/selinux/targeted/previous. (Invalid cross-device link).'],
    patterns: [/invalid cross-device link/i, /\bEXDEV\b/],
    causes: [
      {
        id: 'overlay-dir-rename',
        title: 'Renaming a directory that lives in a lower image layer',
        why: 'overlayfs can rename a directory that comes from a lower (image) layer only when `redirect_dir` is on. Most kernels default it to off, and Docker prefers it off (with it on, overlay2 falls back to its slow naive diff), so such a rename returns EXDEV. Tools such as `mv` fall back to copy-and-delete, but programs calling `rename(2)` directly (package managers, some databases) fail.',
        confirm: [
          { command: 'cat /sys/module/overlay/parameters/redirect_dir', shows: '`N` means directory renames across layers return EXDEV.' },
          { command: "docker exec {container} sh -c 'grep \" / \" /proc/mounts'", shows: 'the container root is an overlay mount.' },
        ],
        fix: ['Do the rename in the same Dockerfile `RUN` step that created the directory, or put the directory on a volume.', 'Or make the program copy and delete when rename fails with EXDEV.'],
        rules: [],
        hostChecks: ['host-overlay-module-params'],
      },
      {
        id: 'rename-across-mounts',
        title: 'Renaming between two mounts (a volume and the container filesystem)',
        why: '`rename(2)` never crosses filesystems. Moving a file from a bind mount or volume to the container\'s own filesystem (or between two volumes) returns EXDEV.',
        confirm: [{ command: "docker inspect {container} --format '{{range .Mounts}}{{.Destination}} {{end}}'", shows: 'whether source and target of the rename are on different mounts.' }],
        fix: ['Keep both paths on one volume, or copy then delete.'],
        rules: [],
      },
    ],
  },
  {
    id: 'nginx-permission-denied',
    title: 'nginx: Permission denied (running as non-root)',
    summary: 'nginx started as a non-root user could not bind its port or write its pid and temp files: the stock image expects to start as root.',
    examples: [
      'nginx: [emerg] bind() to 0.0.0.0:80 failed (13: Permission denied)',
      'nginx: [emerg] mkdir() "/var/cache/nginx/client_temp" failed (13: Permission denied)',
      'nginx: [emerg] open() "/run/nginx.pid" failed (13: Permission denied)',
    ],
    patterns: [/\[(?:emerg|alert|crit)\][^\n]*\(13: Permission denied\)/i, /nginx[^\n]*\(13: Permission denied\)/i],
    extract: [/bind\(\) to [^\s]*:(?<port>\d+) failed/i, /(?:mkdir|open)\(\) "(?<path>[^"]+)" failed/i],
    defaults: { port: '80', path: '/var/cache/nginx' },
    causes: [
      {
        id: 'privileged-port',
        title: 'Binding a port below 1024 without root',
        why: 'Only root (or `CAP_NET_BIND_SERVICE`) can bind ports below 1024. With `user:` set in compose or `USER` in the Dockerfile, `listen 80` fails.',
        confirm: [{ command: 'docker exec {container} id', shows: 'a non-zero uid.' }],
        fix: ['Listen on 8080 and publish `80:8080`, or use the `nginxinc/nginx-unprivileged` image.'],
        rules: [],
        preferWhen: /bind\(\)/,
      },
      {
        id: 'root-owned-paths',
        title: 'Cache, log and pid paths owned by root',
        why: 'The stock image creates `/var/cache/nginx` and writes `/run/nginx.pid` (or `/var/run/nginx.pid`) as root. A non-root nginx cannot create its temp folders or pid file there; bind-mounted folders owned by another uid (or labelled for SELinux without `:z`) fail the same way.',
        confirm: [{ command: 'docker exec {container} ls -ld {path}', shows: 'the owner of the path nginx could not write.' }],
        fix: ['Set `pid /tmp/nginx.pid;` and `*_temp_path /tmp/...` in nginx.conf, or `chown` those paths in the Dockerfile for the user nginx runs as; add `:z` to bind mounts on SELinux hosts.'],
        rules: [],
      },
    ],
  },
  {
    id: 'flock-bad-file-descriptor',
    title: 'flock: Bad file descriptor (on NFS)',
    summary: '`flock` failed with EBADF: on NFS, Linux emulates `flock()` with POSIX byte-range locks, and an exclusive POSIX lock needs the file open for writing.',
    examples: ['flock: 200: Bad file descriptor', 'flock: failed to get lock: Bad file descriptor'],
    patterns: [/\bflock\b[^\n]*bad file descriptor/i],
    extract: [/flock: (?<fd>\d+): Bad file descriptor/i],
    defaults: { fd: '200', lockFile: '<lock file>' },
    causes: [
      {
        id: 'read-only-fd-on-nfs',
        title: 'The lock file is on NFS and was opened read-only',
        why: 'The common pattern `exec 200<lockfile; flock -x 200` opens the file read-only. On local filesystems that works; on NFS the kernel turns `flock()` into an `fcntl()` write lock, which requires write access, and the call fails with EBADF. Cron jobs that keep their lock next to data on a shared mount hit this.',
        confirm: [
          { command: 'stat -f -c %T "$(dirname {lockFile})"', shows: '`nfs` means the lock file lives on NFS.' },
          { command: "grep -rnE '[0-9]+<' /etc/cron.d /etc/crontab /var/spool/cron 2>/dev/null | grep -i lock", shows: 'lock files opened read-only (`200<`).' },
        ],
        fix: ['Open the lock file for writing (`exec 200>>lockfile` or `flock -x lockfile command`), or keep lock files on a local filesystem (`/run/lock`).'],
        rules: [],
      },
    ],
  },
  {
    id: 'flag-and-file-conflict',
    title: 'specified both as a flag and in the configuration file',
    summary: 'dockerd refused to start: a setting is given both in daemon.json and as a command-line flag of docker.service (often `hosts` against `-H fd://`).',
    examples: [
      'unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives are specified both as a flag and in the configuration file: hosts: (from flag: [fd://], from file: [unix:///var/run/docker.sock tcp://0.0.0.0:2376])',
    ],
    patterns: [/specified both as a flag and in the configuration file/i],
    extract: [/with file (?<file>\/[^\s:]+):/i, /configuration file: (?<key>[a-z0-9-]+): \(from flag/i],
    defaults: { key: 'hosts' },
    causes: [
      {
        id: 'daemon-json-and-execstart',
        title: 'daemon.json and `ExecStart=` (or its environment file) set the same option',
        why: 'dockerd compares every flag given explicitly with the file and refuses to start on any overlap, even when the values agree. The packaged unit starts `dockerd -H fd:// --containerd=...`, so `hosts` or `containerd` in daemon.json conflict unless a drop-in resets `ExecStart=`; variables from `/etc/sysconfig/docker` (`$OPTIONS`) add more flags.',
        confirm: [
          { command: 'systemctl cat docker | grep -nE "^(ExecStart|EnvironmentFile)="', shows: 'the effective command line and the environment files it reads.' },
          { command: 'grep -n \'"{key}"\' {file}', shows: 'the same setting in the file.' },
        ],
        fix: ['Keep each setting in one place: remove it from daemon.json, or add a drop-in with an empty `ExecStart=` followed by `ExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock` (without `-H`).'],
        rules: ['daemon-flag-conflict', 'docker-opts-not-applied'],
      },
    ],
  },
  {
    id: 'more-than-one-execstart',
    title: 'Service has more than one ExecStart= setting',
    summary: 'systemd refused docker.service: a drop-in added a second `ExecStart=` instead of replacing the first.',
    examples: ['docker.service: Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.'],
    patterns: [/has more than one ExecStart= setting/i],
    extract: [/(?<unit>[\w@.-]+\.service): Service has more than one ExecStart/i],
    defaults: { unit: 'docker.service' },
    causes: [
      {
        id: 'drop-in-without-reset',
        title: 'A drop-in sets `ExecStart=` without clearing it first',
        why: '`ExecStart=` is a list: a drop-in adds to it. docker.service is `Type=notify`, which allows one command, so the unit is refused until the list is cleared with an empty `ExecStart=` line above the new one.',
        confirm: [{ command: 'systemctl cat {unit} | grep -n "^ExecStart="', shows: 'two non-empty `ExecStart=` lines and no empty one between them.' }],
        fix: ['In the drop-in, write `ExecStart=` (empty) on the line above the new `ExecStart=...`, then `systemctl daemon-reload`.'],
        rules: ['unit-execstart-not-cleared'],
      },
    ],
  },
  {
    id: 'daemon-json-invalid-character',
    title: 'invalid character … in daemon.json',
    summary: 'dockerd could not parse /etc/docker/daemon.json as strict JSON and did not start.',
    examples: [
      "unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '#' looking for beginning of object key string",
      "unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '}' looking for beginning of object key string",
      'unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid JSON: unexpected end of JSON input',
    ],
    patterns: [/invalid character '.{1,4}' (?:looking for|after|in )/i, /docker daemon with file [^\n]*invalid JSON/i, /daemon with file [^\n]*unexpected end of JSON input/i],
    extract: [/with file (?<file>\/[^\s:]+):/i],
    causes: [
      {
        id: 'not-strict-json',
        title: 'Comments, trailing commas or a syntax error in daemon.json',
        why: 'dockerd reads daemon.json with Go\'s strict JSON decoder: no `#` or `//` comments, no trailing commas. `\'}\' looking for beginning of object key string` is a trailing comma; `\'#\'` or `\'/\'` is a comment.',
        confirm: [{ command: 'python3 -m json.tool {file}', shows: 'the line and column of the first syntax error.' }, { command: 'dockerd --validate --config-file {file}', shows: '`configuration OK` once fixed (Docker 23.0+).' }],
        fix: ['Delete the comment or the trailing comma (`shipshape lint --fix {file}` does it), then restart docker.'],
        rules: ['daemon-json-invalid'],
      },
    ],
  },
  {
    id: 'daemon-json-unknown-directive',
    title: "the following directives don't match any configuration option",
    summary: 'dockerd refused daemon.json because a key is not an option it knows: a typo, a removed option, or a key from another tool.',
    examples: [
      "unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: live_restore",
      "unable to configure the Docker daemon with file /etc/docker/daemon.json: the following directives don't match any configuration option: graph",
    ],
    patterns: [/directives don'?t match any configuration option/i],
    extract: [/with file (?<file>\/[^\s:]+):/i, /configuration option: (?<key>[^\s,]+)/i],
    causes: [
      {
        id: 'unknown-key',
        title: 'A misspelt or foreign key',
        why: 'Every top-level key must be the name of a dockerd flag (`live-restore`, not `live_restore`) or one of the plural list names (`storage-opts`, `log-opts`). Keys newer than the installed engine are unknown too.',
        confirm: [{ command: 'grep -n \'"{key}"\' {file}', shows: 'where the key is.' }, { command: 'dockerd --validate --config-file {file}', shows: 'the same error without restarting.' }],
        fix: ['Use the key dockerd knows (shipshape suggests the closest one).'],
        rules: ['daemon-unknown-key', 'daemon-config-wrong-file'],
      },
      {
        id: 'removed-key',
        title: 'An option removed from newer Docker releases',
        why: '`graph` (use `data-root`), `cluster-store`, `disable-legacy-registry`, `oom-score-adjust`, `api-cors-header` were removed; after an upgrade the daemon stops starting.',
        confirm: [{ command: "docker version --format '{{.Server.Version}}'", shows: 'the engine version to compare with the removal.' }],
        fix: ['Rename to the replacement (`graph` → `data-root`) or delete the key.'],
        rules: ['daemon-deprecated-key'],
        preferWhen: /option: (graph|cluster-|disable-legacy-registry|oom-score-adjust|api-cors-header)/i,
      },
    ],
  },
  {
    id: 'daemon-json-cannot-unmarshal',
    title: 'json: cannot unmarshal … into Go struct field',
    summary: 'A daemon.json value has the wrong JSON type (a string where a boolean is expected, a number inside `log-opts`).',
    examples: ['unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal string into Go struct field Config.live-restore of type bool'],
    patterns: [/json: cannot unmarshal \w+ into Go (?:struct field|value)/i],
    extract: [/with file (?<file>\/[^\s:]+):/i, /struct field \w+\.(?<key>[\w-]+)/i],
    causes: [
      {
        id: 'wrong-type',
        title: 'A value of the wrong type',
        why: '`"live-restore": "true"` is a string, not a boolean; `log-opts` values must all be strings (`"max-file": "3"`); `graph` takes a string, not a list.',
        confirm: [{ command: 'grep -n \'"{key}"\' {file}', shows: 'the value to correct.' }],
        fix: ['Write the value with the type dockerd expects.'],
        rules: ['daemon-wrong-type'],
      },
    ],
  },
  {
    id: 'storage-driver-removed',
    title: 'the … storage-driver has been deprecated and removed',
    summary: 'dockerd refused to start because the configured storage driver no longer exists in this engine.',
    examples: ['[graphdriver] ERROR: the overlay storage-driver has been deprecated and removed; visit https://docs.docker.com/go/storage-driver/ for more information'],
    patterns: [/storage-driver has been deprecated and removed/i],
    causes: [
      {
        id: 'legacy-driver-configured',
        title: '`overlay`, `aufs` or `devicemapper` is still configured',
        why: 'Docker 24.0 removed `aufs` and `overlay`, 25.0 removed `devicemapper`. An upgrade leaves the old setting in daemon.json or in `--storage-driver` on the command line.',
        confirm: [{ command: 'grep -rn "storage-driver" /etc/docker/daemon.json /etc/systemd/system/docker.service.d /etc/sysconfig/docker* 2>/dev/null', shows: 'where the driver is set.' }],
        fix: ['Use `overlay2`; images and containers of the old driver are not carried over.'],
        rules: ['daemon-legacy-storage-driver', 'dockerd-deprecated-flag'],
        evidenceWhen: /\b(overlay|aufs|devicemapper)\b/,
      },
    ],
  },
  {
    id: 'storage-driver-unknown-option',
    title: 'unknown option for the storage driver',
    summary: 'A storage option in daemon.json belongs to another driver (`dm.basesize` under overlay2) or is misspelt.',
    examples: ['error initializing graphdriver: overlay2: unknown option dm.basesize'],
    patterns: [/(?:overlay2?|devmapper|devicemapper|btrfs|zfs|vfs): unknown option/i],
    causes: [
      {
        id: 'option-of-other-driver',
        title: 'A `storage-opts` entry for a different driver',
        why: 'Each driver accepts only its own prefix (`overlay2.`, `dm.`, `btrfs.`...). Options copied from old devicemapper guides break overlay2.',
        confirm: [{ command: 'grep -n -A3 "storage-opts" /etc/docker/daemon.json', shows: 'the options and their prefixes.' }],
        fix: ['Remove the options of the other driver (for overlay2 a size limit is `overlay2.size`, and needs xfs with pquota).'],
        rules: ['daemon-storage-opt-mismatch'],
      },
    ],
  },
  {
    id: 'no-sockets-socket-activation',
    title: 'no sockets found via socket activation',
    summary: 'dockerd was started with `-H fd://` but systemd handed it no socket: docker.socket is missing, masked or not in the unit\'s dependencies.',
    examples: ['failed to load listeners: no sockets found via socket activation: make sure the service was started by systemd'],
    patterns: [/no sockets found via socket activation/i],
    causes: [
      {
        id: 'fd-without-socket-unit',
        title: '`-H fd://` without a docker.socket unit',
        why: '`fd://` means "the sockets systemd passes me". Without a docker.socket unit (or with dockerd started by hand) there are none.',
        confirm: [{ command: 'systemctl status docker.socket', shows: 'whether the socket unit exists and is active.' }],
        fix: ['Install/enable docker.socket, or replace `-H fd://` with `-H unix:///var/run/docker.sock` in a drop-in.'],
        rules: ['dockerd-fd-without-socket-unit'],
      },
    ],
  },
  {
    id: 'port-already-allocated',
    title: 'port is already allocated',
    summary: 'Docker could not publish a host port because another container already publishes it on the same address (a process outside Docker holding the port gives "address already in use" instead).',
    examples: [
      'Error response from daemon: driver failed programming external connectivity on endpoint shop-web-1 (3f2a9c): Bind for 0.0.0.0:8080 failed: port is already allocated',
      'Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint app: Bind for :::443 failed: port is already allocated',
    ],
    patterns: [/\bport is already allocated\b/i],
    extract: [/Bind for (?:\[?[0-9a-f.:]*\]?):(?<port>\d+) failed/i],
    causes: [
      {
        id: 'two-services-one-port',
        title: 'Two services, or two projects on this host, publish the same host port',
        why: 'A host port (on one address) can be published by one container at a time. Two services of one project, an override that adds a port the base already publishes elsewhere, a scaled service with a fixed host port, or another compose project on the same host all ask for it; whichever starts second fails.',
        confirm: [{ command: 'docker ps --filter publish={port} --format "{{.Names}}\\t{{.Ports}}"', shows: 'the container that already holds the port.' }],
        fix: ['Give one of them another host port (`"8081:80"`), publish a range for scaled services, or bind different addresses (`127.0.0.1:8080:80`).'],
        rules: ['compose-host-port-conflict'],
      },
    ],
  },
  {
    id: 'container-name-in-use',
    title: 'The container name is already in use',
    summary: 'A container with that name exists already (running or stopped); Docker names are unique per host.',
    examples: ['Error response from daemon: Conflict. The container name "/db" is already in use by container "7c1e0d6a2b". You have to remove (or rename) that container to be able to reuse that name.'],
    patterns: [/container name "?\/?[^"\s]+"? is already in use/i],
    extract: [/container name "\/?(?<container>[^"]+)"/i],
    causes: [
      {
        id: 'fixed-container-name-twice',
        title: 'Two services (or two projects on this host) set the same `container_name`',
        why: '`container_name` opts out of Compose\'s `<project>-<service>-<n>` names. When two services, two files of a chain or two projects on one host use the same fixed name, the second `up` finds the name taken.',
        confirm: [{ command: 'docker ps -a --filter name=^/{container}$ --format "{{.Names}}\\t{{.Label \\"com.docker.compose.project\\"}}"', shows: 'which project owns the container with that name.' }],
        fix: ['Drop `container_name` (Compose names containers per project) or make it unique.'],
        rules: ['compose-container-name-conflict'],
      },
    ],
  },
  {
    id: 'pool-overlaps',
    title: 'Pool overlaps with other one on this address space',
    summary: 'Docker refused to create a network with a fixed subnet because another network (or the default bridge) already holds that range.',
    examples: [
      'Error response from daemon: Pool overlaps with other one on this address space',
      'failed to create network shop_backend: Error response from daemon: invalid pool request: Pool overlaps with other one on this address space',
    ],
    patterns: [/Pool overlaps with other one on this address space/i],
    causes: [
      {
        id: 'subnet-taken-by-other-network',
        title: 'Two networks on this host ask for overlapping fixed subnets',
        why: 'Compose networks with `ipam.config[].subnet`, in one project or in several projects on one host, overlap each other or the default bridge (`bip`, 172.17.0.0/16 by default).',
        confirm: [{ command: 'docker network inspect $(docker network ls -q) --format "{{.Name}}\\t{{range .IPAM.Config}}{{.Subnet}} {{end}}"', shows: 'the network that already holds the range.' }],
        fix: ['Pick a subnet no other network uses, or drop the fixed subnet and let Docker allocate one.'],
        rules: ['compose-subnet-overlap'],
      },
      {
        id: 'subnet-in-default-pools',
        title: 'The fixed subnet lies in Docker\'s default address pools',
        why: 'Networks created without a subnet get one from the default pools (172.17.0.0/16 to 172.31.0.0/16 and 192.168.0.0/16, or `default-address-pools` in daemon.json). A fixed subnet inside them works until another network was handed that range first, typically after a reboot or a `docker compose down` of this project while others stayed up.',
        confirm: [{ command: 'docker network inspect $(docker network ls -q) --format "{{.Name}}\\t{{range .IPAM.Config}}{{.Subnet}} {{end}}"', shows: 'an automatically allocated network holding the range.' }],
        fix: ['Use a subnet outside the pools (such as 10.x.0.0/16), or set `default-address-pools` in daemon.json to ranges that leave it free.'],
        rules: ['compose-subnet-in-default-pool'],
      },
    ],
  },
  {
    id: 'orphan-containers',
    title: 'Found orphan containers for this project',
    summary: 'Compose found containers labelled with this project\'s name that no service of the current files defines: another set of files runs under the same project name.',
    examples: ['WARN[0000] Found orphan containers ([blog-db-1]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.'],
    patterns: [/Found orphan containers/i],
    causes: [
      {
        id: 'two-projects-one-name',
        title: 'Two compose projects on this host have the same project name',
        why: 'The project name comes from `name:`, `-p`, COMPOSE_PROJECT_NAME or the folder\'s name. Two folders called `app` (or two files with the same `name:`) are one project to Docker: `up` in one recreates or removes the other\'s containers, and `down --remove-orphans` stops them.',
        confirm: [{ command: 'docker ps -a --format "{{.Names}}\\t{{.Label \\"com.docker.compose.project.working_dir\\"}}"', shows: 'containers of one project name started from different folders.' }],
        fix: ['Give each project its own `name:` at the top of its compose file (or `-p` / COMPOSE_PROJECT_NAME).'],
        rules: ['compose-project-name-collision'],
      },
    ],
  },
  {
    id: 'external-network-not-found',
    title: 'network declared as external, but could not be found',
    summary: 'A compose project joins a network it marks `external`, and no network of that exact name exists on this Docker host.',
    examples: ['network web declared as external, but could not be found', 'network proxy declared as external, but could not be found'],
    patterns: [/network \S+ declared as external, but could not be found/i],
    extract: [/network (?<network>\S+) declared as external/i],
    causes: [
      {
        id: 'created-with-project-prefix',
        title: 'Another project creates the network, under its own project prefix',
        why: 'A network a project creates is named `<project>_<key>` unless it sets `name:`. The proxy project\'s `web` network is really `proxy_web`, so the app project\'s external `web` is never found.',
        confirm: [{ command: 'docker network ls --format "{{.Name}}" | grep -e "{network}$"', shows: 'a network ending in the name, with a project prefix.' }],
        fix: ['Set `name: {network}` on the network in the project that creates it, or refer to the prefixed name in the external declaration.'],
        rules: ['compose-external-network-prefixed'],
      },
      {
        id: 'never-created',
        title: 'Nothing on this host creates the network',
        why: 'External networks are not created by Compose: they come from `docker network create`, another project, or a provisioning step. On a fresh host (or after `docker network prune`) it is missing.',
        confirm: [{ command: 'docker network inspect {network}', shows: '"network {network} not found".' }],
        fix: ['Create it once (`docker network create {network}`) in the host\'s provisioning, or let one project create it with `name: {network}` and start that project first.'],
        rules: [],
      },
    ],
  },
];
