// Which files each kind of file writes (see embedded-files.ts): the shell of every script a file holds (a shell
// file, a CI `run:` block, a Dockerfile RUN, a unit's ExecStartPre=), and what a kind writes in its own syntax.

import type { FileKind } from '../parsers/classify';
import { MENTIONS_WRITTEN, type WrittenText } from '../core/embedded-files';
import type { SourceFile, WorkspaceView } from './rule';
import { parsedScript, scriptsOf } from './scripts';
import { shellWrites } from '../parsers/shell-writes';
import { dockerfileWrites } from '../parsers/dockerfile-writes';
import { provisioningWrites } from '../parsers/provisioning';

export type WrittenExtractor = (file: SourceFile, workspace: WorkspaceView) => WrittenText[];

/** Writes in a kind's own syntax, besides the shell of its scripts. */
export const writtenExtractors: Partial<Record<FileKind, WrittenExtractor>> = {
  dockerfile: dockerfileWrites,
  provisioning: provisioningWrites,
};

const POSIX_SHELL = /^(\S*\/)?(env\s+)?(ba|da|z|k|a|mk)?sh(\s|$)/;

/** The files a file writes that shipshape reads. Never throws. */
export function writtenTexts(file: SourceFile, workspace: WorkspaceView): WrittenText[] {
  if (!MENTIONS_WRITTEN.test(file.text)) return [];
  try {
    const out: WrittenText[] = [];
    for (const script of scriptsOf(file, workspace)) {
      if (script.shell && !POSIX_SHELL.test(script.shell)) continue;
      if (!MENTIONS_WRITTEN.test(script.text)) continue;
      out.push(...shellWrites(script, parsedScript(workspace, script), file.text));
    }
    const own = writtenExtractors[file.kind];
    if (own) out.push(...own(file, workspace));
    return out.sort((a, b) => a.anchor - b.anchor);
  } catch {
    return [];
  }
}
