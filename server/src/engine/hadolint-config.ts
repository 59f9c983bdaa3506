// hadolint's config file, read so a project that used hadolint keeps its decisions: `.hadolint.yaml` (or `.yml`)
// in the workspace root, the folder hadolint reads it from when run there ($PWD; hadolint's per-user files under
// $HOME are not read: a lint run must give the same findings on every machine).
//
//   ignored: [DL3008, SC2086]            # the shipshape rules covering these codes are silenced
//   override:                            # error | warning | info | style (style is shipshape's hint)
//     warning: [DL3015]
//   trustedRegistries: [docker.io, "*.gcr.io"]   # the option of the rule covering DL3026
//   disable-ignore-pragma: true          # `# hadolint ignore=` comments are not honoured
//
// Codes map to rules through each rule's meta.peers (the one table); ShellCheck (SC) codes are accepted and mean
// nothing here. The other keys (failure-threshold, format, label-schema…) are hadolint's own and are left alone.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { Notice, Severity } from '../core/finding';

export const HADOLINT_CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

export interface HadolintSettings {
  /** The file it came from. */
  source: string;
  ignored: string[];
  /** Code → severity. */
  override: Record<string, Severity>;
  trustedRegistries?: string[];
  disableIgnorePragma: boolean;
}

const LEVELS: Record<string, Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };
const CODE = /^(DL|SC)\d{4}$/;

export function parseHadolintConfig(text: string, source: string): { settings: HadolintSettings; notices: Notice[] } {
  const settings: HadolintSettings = { source, ignored: [], override: {}, disableIgnorePragma: false };
  const notices: Notice[] = [];
  const bad = (message: string) => notices.push({ file: source, message });
  let raw: unknown;
  try {
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length) throw new Error(doc.errors[0].message.split('\n')[0]);
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    bad(`cannot read the hadolint configuration: ${(e as Error).message}; it is not applied`);
    return { settings, notices };
  }
  if (raw === null || raw === undefined) return { settings, notices };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    bad('the hadolint configuration must be a mapping; it is not applied');
    return { settings, notices };
  }
  const o = raw as Record<string, unknown>;
  const codes = (v: unknown, key: string): string[] => {
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined;
    if (!list || !list.every((x) => typeof x === 'string')) {
      bad(`hadolint ${key} must be a list of rule codes such as DL3008`);
      return [];
    }
    const out = (list as string[]).map((c) => c.trim().toUpperCase());
    for (const c of out) if (!CODE.test(c)) bad(`hadolint ${key}: "${c}" is not a rule code such as DL3008`);
    return out.filter((c) => CODE.test(c));
  };
  if (o.ignored !== undefined) settings.ignored = codes(o.ignored, 'ignored');
  if (o.override !== undefined) {
    if (!o.override || typeof o.override !== 'object' || Array.isArray(o.override)) bad('hadolint override must be a mapping of error/warning/info/style to rule codes');
    else
      for (const [level, list] of Object.entries(o.override as Record<string, unknown>)) {
        const severity = LEVELS[level];
        if (!severity) {
          bad(`hadolint override: "${level}" is not one of error, warning, info, style`);
          continue;
        }
        for (const c of codes(list, `override.${level}`)) settings.override[c] = severity;
      }
  }
  if (o.trustedRegistries !== undefined) {
    const v = o.trustedRegistries;
    const list = typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
    if (list) settings.trustedRegistries = list;
    else bad('hadolint trustedRegistries must be a registry name or a list of them');
  }
  if (o['disable-ignore-pragma'] === true) settings.disableIgnorePragma = true;
  return { settings, notices };
}

/** The hadolint config in a folder, if there is one. */
export function loadHadolintConfig(dir: string): { settings: HadolintSettings | undefined; notices: Notice[] } {
  for (const name of HADOLINT_CONFIG_NAMES) {
    const file = path.join(dir, name);
    let text: string;
    try {
      if (!fs.statSync(file).isFile()) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    return parseHadolintConfig(text, file);
  }
  return { settings: undefined, notices: [] };
}
