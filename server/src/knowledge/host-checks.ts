// The live-host checks of `shipshape doctor`: their ids (doctor's own, not lint rules), default severity and what each
// looks at. docs/host-checks.md describes each one at length.

import type { Severity } from '../core/finding';

export interface HostCheck {
  id: string;
  severity: Severity;
  summary: string;
  /** Where the check reads, relative to the host root. */
  reads: string;
  /** The error users see when the hazard bites. */
  symptom: string;
}

export const HOST_CHECKS: readonly HostCheck[] = [
  {
    id: 'host-dtype-unsupported',
    severity: 'error',
    summary: 'the data root is on xfs formatted with ftype=0 (no d_type), which overlay2 refuses',
    reads: '/proc/self/mountinfo, the superblock of the data root\'s block device (needs root)',
    symptom: 'overlay2: the backing xfs filesystem is formatted without d_type support, which leads to incorrect behavior',
  },
  {
    id: 'host-inodes-low',
    severity: 'warning',
    summary: 'the data root\'s filesystem has used 90% or more of its inodes',
    reads: 'statfs(2) of the data root',
    symptom: 'No space left on device while df -h still shows free space',
  },
  {
    id: 'host-legacy-overlay-link-count',
    severity: 'warning',
    summary: 'a file under the legacy overlay driver\'s layers is near the ext4 limit of 65000 hard links',
    reads: '<data-root>/overlay/*/root/** (lstat, bounded; needs root)',
    symptom: 'link ...: too many links',
  },
  {
    id: 'host-overlay-module-params',
    severity: 'info',
    summary: 'overlay module parameters that change how Docker\'s overlay2 behaves (index, redirect_dir, metacopy)',
    reads: '/sys/module/overlay/parameters/{index,redirect_dir,metacopy}',
    symptom: 'Not using native diff for overlay2, this may cause degraded performance for building images',
  },
  {
    id: 'host-overlay-mount-leaked',
    severity: 'error',
    summary: 'a container layer mount lives on in another process\'s mount namespace after dockerd dropped it',
    reads: '/proc/<pid>/mountinfo of every process, /proc/<pid>/comm and cmdline to find dockerd',
    symptom: 'driver "overlay2" failed to remove root filesystem: unlinkat .../merged: device or resource busy',
  },
  {
    id: 'host-overlay2-mount-covered',
    severity: 'error',
    summary: 'a filesystem mounted on <data-root>/overlay2 (or the data root) covers container layer mounts beneath it',
    reads: 'dockerd\'s /proc/<pid>/mountinfo (or /proc/self/mountinfo)',
    symptom: 'error while unmounting .../merged: invalid argument',
  },
  {
    id: 'host-tmp-noexec',
    severity: 'info',
    summary: '/tmp is mounted noexec, so self-extracting tools (docker-compose v1) cannot load their libraries',
    reads: '/proc/self/mountinfo',
    symptom: 'error while loading shared libraries: ...: failed to map segment from shared object',
  },
];

export function hostCheckById(id: string): HostCheck | undefined {
  return HOST_CHECKS.find((c) => c.id === id);
}
