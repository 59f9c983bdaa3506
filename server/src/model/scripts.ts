// Which scripts each kind of file holds. Each kind's extractor lives with its parser and is listed here; shell rules
// call scriptsOf() and never need to know the host format.

import type { FileKind } from '../parsers/classify';
import type { EmbeddedScript } from '../core/embedded';
import type { SourceFile, WorkspaceView } from './rule';
import { queriesOf } from './queries';
import { dockerfileScripts } from '../parsers/dockerfile';
import { systemdUnitScripts } from '../parsers/systemd-unit-scripts';
import { ciScripts } from '../parsers/ci';
import { crontabScripts } from '../parsers/crontab-scripts';
import { shellFileScripts } from '../parsers/shell-file';
import { taskRunnerScripts } from '../parsers/task-runner';
import { parseShell, type ParsedScript } from '../parsers/shell';

export type ScriptExtractor = (file: SourceFile, workspace: WorkspaceView) => EmbeddedScript[];

export const scriptExtractors: Partial<Record<FileKind, ScriptExtractor>> = {
  dockerfile: (file, workspace) => dockerfileScripts(workspace.parse('dockerfile', file)),
  'systemd-unit': systemdUnitScripts,
  ci: ciScripts,
  crontab: crontabScripts,
  shell: shellFileScripts,
  'task-runner': taskRunnerScripts,
};

/** A script of a file, with the text of the file it is in (so a range can cover a whole escape at its end). */
export interface FileScript extends EmbeddedScript {
  hostText: string;
}

/**
 * The scripts of the last few files are kept, by file object (a changed file is a new SourceFile object). Rules run
 * file by file, so every rule of a file finds its scripts there, while the scripts of files done with (and the shell
 * parses kept per script) can be collected: a workspace of thousands of files does not hold every script's tree.
 */
const RECENT_FILES = 16;

/** The scripts in a file, the same objects for every rule that asks while the file is recent. */
export function scriptsOf(file: SourceFile, workspace: WorkspaceView): FileScript[] {
  return queriesOf(workspace).recent('scripts', file, RECENT_FILES, () => {
    const extractor = scriptExtractors[file.kind];
    // Copies: a script owned by a parsed model would otherwise keep what is kept per script alive with the model.
    return extractor ? extractor(file, workspace).map((s) => ({ ...s, hostText: file.text })) : [];
  });
}

/** A script parsed by the shell layer, once per script object. */
export function parsedScript(workspace: WorkspaceView, script: EmbeddedScript): ParsedScript {
  return queriesOf(workspace).derive('shell-parse', script, (s) => parseShell(s.text));
}
