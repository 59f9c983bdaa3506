// `shipshape/lintWorkspace`: read every folder from disk and lint all of it in chunks, with progress the user can
// cancel; each chunk's findings are published as they come.
import type { CancellationToken, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import type { Finding, Notice } from '../core/finding';
import type { LintWorkspaceResult } from '../protocol/requests';
import type { Folder } from './folder';

export const MAX_LISTED_NOTICES = 100;
const CHUNK = 50;

export interface WorkspaceLintDeps {
  progress: WorkDoneProgressServerReporter | undefined;
  token: CancellationToken;
  prepare(folder: Folder): Promise<unknown>;
  excludesOf(folder: Folder): Promise<string[]>;
  /** A file the read found gone: its diagnostics go. */
  removed(path: string): void;
  lintAndPublish(folder: Folder, paths: string[], why: string): Promise<Finding[]>;
  logNotices(notices: readonly Notice[]): void;
}

export async function lintWorkspace(targets: Folder[], deps: WorkspaceLintDeps): Promise<LintWorkspaceResult> {
  const t0 = performance.now();
  const { progress, token } = deps;
  let cancelledByUser = false;
  progress?.token.onCancellationRequested(() => (cancelledByUser = true));
  const stop = () => cancelledByUser || token.isCancellationRequested;
  progress?.begin('shipshape: linting the workspace', 0, 'reading files…', true);
  let files = 0;
  let findings = 0;
  const withFindings = new Set<string>();
  const notices: Notice[] = [];
  const result = (cancelled: boolean): LintWorkspaceResult => ({
    files,
    filesWithFindings: withFindings.size,
    findings,
    cancelled,
    ms: performance.now() - t0,
    notices: notices.slice(0, MAX_LISTED_NOTICES),
    noticeCount: notices.length,
  });
  try {
    for (const folder of targets) {
      await deps.prepare(folder);
      const exclude = await deps.excludesOf(folder);
      const read = await folder.readDisk({ exclude, shouldStop: stop, onProgress: (seen) => progress?.report(0, `${seen} files looked at`) });
      if (read.cancelled || stop()) return result(true);
      notices.push(...read.notices);
      deps.logNotices(read.notices);
      for (const p of read.removed) deps.removed(p);
      const paths = folder.workspace.all().map((f) => f.path);
      for (let i = 0; i < paths.length; i += CHUNK) {
        if (stop()) return result(true);
        const chunk = paths.slice(i, i + CHUNK);
        const found = await deps.lintAndPublish(folder, chunk, 'workspace lint');
        files += chunk.length;
        findings += found.length;
        for (const f of found) withFindings.add(f.file);
        const done = Math.min(paths.length, i + CHUNK);
        progress?.report(Math.round((done / paths.length) * 100), `${done}/${paths.length} files`);
        await new Promise((r) => setImmediate(r));
      }
    }
    return result(false);
  } finally {
    progress?.done();
  }
}
