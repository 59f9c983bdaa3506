// The docker.service units that packages install, for a host whose workspace has no docker.service of its own: what
// each reads from /etc/default/docker and /etc/sysconfig/docker*. Facts as data; docker-opts-not-applied reads them.

export interface PackagedDockerUnit {
  /** The package and who ships it. */
  package: string;
  /** The unit's ExecStart= as installed. */
  execStart: string;
  /** The environment files it reads (EnvironmentFile=, optional ones too), and the variables ExecStart= expands. */
  environmentFiles: readonly string[];
  expands: readonly string[];
  /** Text that marks an environment file as the one this package installed (so the host runs this package's unit). */
  signs?: RegExp;
}

/**
 * Docker's own packages (docker-ce from download.docker.com, for Debian, Ubuntu, Fedora, RHEL and CentOS) install the
 * unit of moby's contrib/init/systemd/docker.service: no EnvironmentFile=, no variable in ExecStart=. (The docker-ce
 * .deb also drops an /etc/default/docker, read only by its SysV init script: "THIS FILE DOES NOT APPLY TO SYSTEMD".)
 */
export const DOCKER_CE_UNIT: PackagedDockerUnit = {
  package: "docker-ce (Docker's own packages)",
  execStart: '/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
  environmentFiles: [],
  expands: [],
};

/** Distribution packages whose units do read the files. */
export const DISTRO_DOCKER_UNITS: readonly PackagedDockerUnit[] = [
  { package: "Debian's and Ubuntu's docker.io", execStart: '/usr/sbin/dockerd -H fd:// $DOCKER_OPTS', environmentFiles: ['/etc/default/docker'], expands: ['DOCKER_OPTS'], signs: /Here in Debian, this file is sourced by/ },
  {
    package: "RHEL's and CentOS 7's docker",
    execStart: '/usr/bin/dockerd-current ... $OPTIONS $DOCKER_STORAGE_OPTIONS $DOCKER_NETWORK_OPTIONS $ADD_REGISTRY $BLOCK_REGISTRY $INSECURE_REGISTRY',
    environmentFiles: ['/etc/sysconfig/docker', '/etc/sysconfig/docker-storage', '/etc/sysconfig/docker-network'],
    expands: ['OPTIONS', 'DOCKER_STORAGE_OPTIONS', 'DOCKER_NETWORK_OPTIONS', 'ADD_REGISTRY', 'BLOCK_REGISTRY', 'INSECURE_REGISTRY'],
    // The package's own /etc/sysconfig/docker sets DOCKER_CERT_PATH and OPTIONS='--selinux-enabled ...'.
    signs: /^\s*DOCKER_CERT_PATH=|--selinux-enabled/m,
  },
];

/** The distribution packages whose unit reads `name` from `path`. */
export function packagesReading(path: string, name: string): PackagedDockerUnit[] {
  return DISTRO_DOCKER_UNITS.filter((u) => u.environmentFiles.includes(path) && u.expands.includes(name));
}

/** The distribution package an environment file says it came with (its unit reads the file), if any. */
export function installedBy(path: string, text: string): PackagedDockerUnit | undefined {
  return DISTRO_DOCKER_UNITS.find((u) => u.environmentFiles.includes(path) && u.signs?.test(text));
}
