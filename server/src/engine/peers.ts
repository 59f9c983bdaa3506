// Other linters' switches, honoured as if written for shipshape. A rule's meta.peers names the hadolint and BuildKit
// codes it covers, and that list is the only mapping:
// - `# hadolint ignore=DL3008` (next instruction), `# hadolint global ignore=…` (the file) and `.hadolint.yaml`
//   `ignored:` silence the findings of the rules covering those codes; `override:` sets their severity (unless the
//   shipshape config sets the rule's severity itself);
// - BuildKit's `# check=skip=JSONArgsRecommended` (or `skip=all`) silences the rules covering those checks, and
//   `# check=error=true` makes their findings errors, as the build then fails on them.
// A rule that covers several codes may say which one a finding is by `data.peer` (`package-cache-left` does: an
// ignored DL3042 silences its pip findings only); without it, any of the rule's codes silences the finding.

import type { Finding, Severity } from '../core/finding';
import type { HadolintSettings } from './hadolint-config';
import type { RuleMeta } from '../model/rule';
import type { DfPragmas } from '../parsers/dockerfile';

export interface PeerContext {
  meta: (ruleId: string) => RuleMeta | undefined;
  pragmas: DfPragmas | undefined;
  hadolint: HadolintSettings | undefined;
  /** True when the shipshape config sets this rule's severity (it wins over hadolint's override). */
  configured: (ruleId: string) => boolean;
}

/** The hadolint codes a finding stands for. */
export function hadolintCodes(f: Finding, meta: RuleMeta): string[] {
  const own = f.data?.peer;
  if (own !== undefined) return String(own).split(',').filter(Boolean);
  return meta.peers?.hadolint ?? [];
}

export function applyPeers(list: Finding[], ctx: PeerContext): Finding[] {
  const { pragmas, hadolint } = ctx;
  const on = pragmas && !hadolint?.disableIgnorePragma ? pragmas : undefined;
  const quiet = (!pragmas || (pragmas.checkSkip.length === 0 && !pragmas.checkError && pragmas.hadolintGlobal.length === 0 && pragmas.hadolintNext.length === 0)) && !hadolint;
  if (quiet || list.length === 0) return list;
  const out: Finding[] = [];
  for (const f of list) {
    const meta = ctx.meta(f.ruleId);
    if (!meta?.peers) {
      out.push(f);
      continue;
    }
    const codes = hadolintCodes(f, meta);
    const checks = meta.peers.buildkit ?? [];
    let drop = false;
    if (codes.length) {
      if (hadolint?.ignored.some((c) => codes.includes(c))) drop = true;
      else if (on?.hadolintGlobal.some((c) => codes.includes(c))) drop = true;
      else if (on?.hadolintNext.some((p) => f.range.start >= p.span.start && f.range.start < p.span.end && p.codes.some((c) => codes.includes(c)))) drop = true;
    }
    if (!drop && checks.length && pragmas) {
      const skip = pragmas.checkSkip;
      if (skip === 'all' || checks.some((c) => skip.some((s) => s.toLowerCase() === c.toLowerCase()))) drop = true;
    }
    if (drop) continue;
    let severity: Severity | undefined;
    if (!ctx.configured(f.ruleId) && hadolint) for (const c of codes) severity ??= hadolint.override[c];
    if (checks.length && pragmas?.checkError) severity = 'error';
    out.push(severity && severity !== f.severity ? { ...f, severity } : f);
  }
  return out;
}
