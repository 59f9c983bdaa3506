// Report memos for workspace rules: a rule whose findings depend on fewer inputs than the kinds it reads (e.g. on
// the paths of the daemon.json files but not their text) replays its last reports when those inputs are unchanged.
// The engine turns a replayed descriptor into the same Finding object, so unchanged files are not re-sorted.

import type { ReportDescriptor, WorkspaceRuleContext } from './rule';

type Descriptor = ReportDescriptor & { file: string };

export class ReportMemo<K extends object> {
  private readonly cache = new WeakMap<K, { sub: string; reports: Descriptor[] }>();

  /**
   * Runs `check` unless it already ran for this `key` object and `sub` string, then reports what it reported.
   * Everything `check` reads must be determined by `key` and `sub`.
   */
  run(ctx: WorkspaceRuleContext, key: K, sub: string, check: (report: (d: Descriptor) => void) => void): void {
    let hit = this.cache.get(key);
    if (!hit || hit.sub !== sub) {
      const reports: Descriptor[] = [];
      check((d) => reports.push(d));
      this.cache.set(key, (hit = { sub, reports }));
    }
    for (const d of hit.reports) ctx.report(d);
  }
}
