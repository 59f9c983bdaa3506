// The rule contract: meta (what the rule is) + check(ctx) (how it looks). One rule per file, default-exported.

import type { FileKind } from '../parsers/classify';
import type { Fix, Related, Severity, Span, Tag } from '../core/finding';
import type { Version } from '../core/version';
import type { HostFs, SourceFile } from '../core/source';
import type { Models } from '../parsers';

export type { HostFs, SourceFile } from '../core/source';
import type { Queries } from './queries';

export interface RuleMeta {
  /** Public, never changes: users write it in config and ignore comments. */
  id: string;
  kinds: FileKind[];
  scope: 'file' | 'workspace';
  severity: Severity;
  summary: string;
  /** The failure users see without shipshape, in its own words. */
  symptom?: string;
  type: 'problem' | 'suggestion';
  fix: 'none' | 'sometimes' | 'always';
  /** Message templates keyed by message id; `{name}` is replaced from `data`. */
  messages: Record<string, string>;
  /** Tags every finding of this rule carries (e.g. 'unnecessary'). */
  tags?: Tag[];
  options?: Record<string, { description: string; default: unknown }>;
  /** The codes of peer linters that check the same hazard, so their users can map ignores and find the rule. */
  peers?: { hadolint?: string[]; buildkit?: string[] };
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** Path of the file the finding is on; defaults to the file being checked (file scope). */
  file?: string;
  range: Span;
  /** Overrides the rule's default severity for this finding (e.g. removed vs deprecated by target version). */
  severity?: Severity;
  related?: Related[];
  fixes?: Fix[];
  tags?: Tag[];
}

export interface WorkspaceView {
  root: string;
  files(kind: FileKind): SourceFile[];
  get(path: string): SourceFile | undefined;
  parse<K extends keyof Models>(kind: K, file: SourceFile): Models[K];
  fs: HostFs;
  /** The engine's derived facts for this workspace (see queries.ts). */
  queries?: Queries;
}

export interface RuleSettings {
  dockerVersion: Version;
  options: Record<string, unknown>;
  unsafeFixes: boolean;
  /** `hosts:` of the config: host name -> path globs of the compose projects that share that Docker host. */
  hosts?: Readonly<Record<string, readonly string[]>>;
}

export interface FileRuleContext extends RuleSettings {
  file: SourceFile;
  workspace: WorkspaceView;
  parse<K extends keyof Models>(kind: K, file?: SourceFile): Models[K];
  report(d: ReportDescriptor): void;
}

export interface WorkspaceRuleContext extends RuleSettings {
  workspace: WorkspaceView;
  files(kind: FileKind): SourceFile[];
  parse<K extends keyof Models>(kind: K, file: SourceFile): Models[K];
  report(d: ReportDescriptor & { file: string }): void;
}

export interface FileRule {
  meta: RuleMeta & { scope: 'file' };
  check(ctx: FileRuleContext): void;
}

export interface WorkspaceRule {
  meta: RuleMeta & { scope: 'workspace' };
  check(ctx: WorkspaceRuleContext): void;
}

export type Rule = FileRule | WorkspaceRule;

export function isFileRule(r: Rule): r is FileRule {
  return r.meta.scope === 'file';
}

export function defineRule(rule: FileRule): Rule;
export function defineRule(rule: WorkspaceRule): Rule;
export function defineRule(rule: Rule): Rule {
  return rule;
}

export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  if (template.indexOf('{') < 0) return template;
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (data && k in data ? String(data[k]) : whole));
}
