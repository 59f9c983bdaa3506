// The editor settings, typed once for the client and the server. package.json `contributes.configuration` declares
// the same keys under `shipshape.*`. `settingsFrom` turns whatever the editor sends into valid settings: bad values
// fall back to the defaults, so a typo in settings.json never stops linting.
import type { RuleLevel } from '../engine/config';

export const SETTINGS_SECTION = 'shipshape';

export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface Settings {
  /** Rule id -> severity or "off"; layered over `.shipshape.yaml`'s `rules:`. */
  rules: Record<string, RuleLevel>;
  /** The Docker Engine version the files are for ("27.5"); empty = `.shipshape.yaml`'s, or the current one. */
  dockerVersion: string;
  /** Lint a document as soon as it is opened (otherwise on its first change). */
  lintOnOpen: boolean;
  trace: { server: TraceLevel };
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  rules: {},
  dockerVersion: '',
  lintOnOpen: true,
  trace: { server: 'off' as TraceLevel },
});

const LEVELS: readonly string[] = ['off', 'hint', 'info', 'warning', 'error'];
const TRACE: readonly string[] = ['off', 'messages', 'verbose'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function settingsFrom(raw: unknown): Settings {
  const o = isObject(raw) ? raw : {};
  const rules: Record<string, RuleLevel> = {};
  if (isObject(o.rules)) {
    for (const [id, level] of Object.entries(o.rules)) if (typeof level === 'string' && LEVELS.includes(level)) rules[id] = level as RuleLevel;
  }
  const trace = isObject(o.trace) && typeof o.trace.server === 'string' && TRACE.includes(o.trace.server) ? (o.trace.server as TraceLevel) : 'off';
  return {
    rules,
    dockerVersion: typeof o.dockerVersion === 'string' ? o.dockerVersion.trim() : DEFAULT_SETTINGS.dockerVersion,
    lintOnOpen: typeof o.lintOnOpen === 'boolean' ? o.lintOnOpen : DEFAULT_SETTINGS.lintOnOpen,
    trace: { server: trace },
  };
}
