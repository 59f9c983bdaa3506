// Applying fixes: pick at most one fix per finding, never two that overlap, and re-lint until nothing changes.

import type { Finding, Fix, TextEdit } from '../core/finding';
import { applyEdits, spansOverlap } from '../core/text';

export interface FixPlan {
  /** path -> edits to apply together */
  edits: Map<string, TextEdit[]>;
  applied: { finding: Finding; fix: Fix }[];
}

/** Choose the first allowed fix of each finding, skipping any whose edits overlap an edit already chosen. */
export function planFixes(findings: readonly Finding[], allowUnsafe: boolean): FixPlan {
  const edits = new Map<string, TextEdit[]>();
  const applied: { finding: Finding; fix: Fix }[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.safety === 'safe' || allowUnsafe);
    if (!fix || fix.edits.length === 0) continue;
    const clashes = fix.edits.some((e) => (edits.get(e.file) ?? []).some((o) => spansOverlap(o.range, e.range)));
    if (clashes) continue;
    for (const e of fix.edits) {
      let list = edits.get(e.file);
      if (!list) edits.set(e.file, (list = []));
      list.push(e);
    }
    applied.push({ finding, fix });
  }
  return { edits, applied };
}

/** New texts for the files a plan touches. `read` gives the current text ('' for a file the fix creates). */
export function applyPlan(plan: FixPlan, read: (file: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, edits] of plan.edits) out.set(file, applyEdits(read(file), edits));
  return out;
}
