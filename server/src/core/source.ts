// A file as the linter holds it, and the read-only view of the disk around it: what every layer above speaks of.
import type { FileKind } from './kinds';
import type { TemplateInfo } from './template';

export interface SourceFile {
  /** Absolute path with `/` separators (or a URI-like id for unsaved documents). */
  path: string;
  text: string;
  kind: FileKind;
  /** Bumped on every change of text. */
  version: number;
  /** For a template file (`daemon.json.j2`): the masked text the parsers read and the masked spans (engine/template.ts). */
  template?: TemplateInfo;
}

/** Read-only access to the disk around the workspace, for rules that must look beyond the linted files. */
export interface HostFs {
  exists(path: string): boolean;
  isDirectory(path: string): boolean;
  readText(path: string): string | undefined;
  readdir(path: string): string[];
  /** Size in bytes, or undefined when unreadable. */
  size(path: string): number | undefined;
}
