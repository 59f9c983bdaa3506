import { defineRule, type WorkspaceRuleContext } from '../../model/rule';
import type { Span } from '../../core/finding';
import { eachHost, OPTION_VARS, type DockerHost } from './_shared';
import { DOCKER_CE_UNIT, installedBy, packagesReading } from '../../knowledge/packaged-units';

// Options in /etc/sysconfig/docker* or /etc/default/docker reach dockerd only when docker.service reads the file with
// EnvironmentFile= and expands the variable in ExecStart=. The upstream docker-ce unit does neither.

export default defineRule({
  meta: {
    id: 'docker-opts-not-applied',
    kinds: ['sysconfig-env', 'systemd-unit'],
    scope: 'workspace',
    severity: 'warning',
    summary: 'dockerd options in /etc/sysconfig/docker* or /etc/default/docker that docker.service never reads or never expands',
    symptom: 'The setting (an insecure registry, a data root, a storage driver) silently does nothing',
    type: 'problem',
    fix: 'none',
    messages: {
      notRead: '{name} is never applied: docker.service has no EnvironmentFile= for {path}, so dockerd starts without "{value}". Move the options to daemon.json, or add a drop-in with EnvironmentFile={path} and ${name} in ExecStart=.',
      packaged: '{name} is never applied by the docker.service of {ce}: that unit reads no environment file and runs "ExecStart={execStart}", so dockerd starts without "{value}". {readers} Move the options to /etc/docker/daemon.json, or add a drop-in with EnvironmentFile={path} and ${name} in ExecStart=.',
      notExpanded: '{name} is read from {path} but ExecStart= never expands ${name}, so dockerd starts without "{value}". Move the options to daemon.json, or add ${name} to ExecStart= in a drop-in.',
    },
  },
  check(ctx) {
    eachHost(ctx, 'docker-opts-not-applied', checkHost);
  },
});

/** One host's findings (kept while the host's files are unchanged, see eachHost). */
function checkHost(ctx: WorkspaceRuleContext, h: DockerHost): void {
  if (!h.unit) {
    // No docker.service in the workspace: the host runs the unit its package installed, most often Docker's own.
    for (const e of h.host.envFiles) {
      // A file as a distribution package installs it: that package's unit, which reads it, is the one running.
      if (!e.hostPath || installedBy(e.hostPath, e.file.text)) continue;
      for (const a of e.model.assignments) {
        if (!OPTION_VARS.test(a.name) || a.value.trim() === '') continue;
        ctx.report(packagedFinding(a.name, a.value, e.hostPath, e.file.path, a.nameSpan));
      }
    }
    return;
  }
  if (!h.env) return;
  const fragmentKnown = !!h.unit.fragment;
  for (const e of h.host.envFiles) {
    if (!e.hostPath) continue;
    const read = h.env.read.some((r) => r.file === e.file);
    for (const a of e.model.assignments) {
      if (!OPTION_VARS.test(a.name) || a.value.trim() === '') continue;
      const value = a.value.length > 60 ? a.value.slice(0, 57) + '...' : a.value;
      if (!read) {
        // Only drop-ins in the workspace, none reading the file: they lie over the packaged unit, which does not either.
        if (!fragmentKnown) {
          if (!installedBy(e.hostPath, e.file.text)) ctx.report(packagedFinding(a.name, a.value, e.hostPath, e.file.path, a.nameSpan));
          continue;
        }
        ctx.report({ messageId: 'notRead', data: { name: a.name, path: e.hostPath, value }, file: e.file.path, range: a.nameSpan });
      } else if (h.execStartKnown && h.dockerd && !h.dockerd.used.includes(a.name)) {
        ctx.report({ messageId: 'notExpanded', data: { name: a.name, path: e.hostPath, value }, file: e.file.path, range: a.nameSpan });
      }
    }
  }
}

/** The finding for options that the packaged docker.service (Docker's own) never reads, naming the packages that do. */
function packagedFinding(name: string, raw: string, path: string, file: string, range: Span) {
  const value = raw.length > 60 ? raw.slice(0, 57) + '...' : raw;
  const others = packagesReading(path, name).map((u) => u.package);
  const readers = others.length ? `Only ${others.join(' and ')} package${others.length > 1 ? 's' : ''} read${others.length > 1 ? '' : 's'} it.` : 'No packaged docker.service reads it.';
  return { messageId: 'packaged', data: { name, ce: DOCKER_CE_UNIT.package, execStart: DOCKER_CE_UNIT.execStart, value, readers, path }, file, range };
}
