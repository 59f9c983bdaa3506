// The editor's settings and `files.exclude` per folder, asked once and kept until the client says they changed.
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, settingsFrom, type Settings } from '../protocol/settings';
import type { Folder } from './folder';

export class SettingsSource {
  private readonly settings = new Map<string, Promise<Settings>>(); // folder URI (or '') -> settings
  private readonly excludes = new Map<string, Promise<string[]>>();
  /** Set from the client's capabilities: without it, every folder has the defaults. */
  enabled = false;

  constructor(private readonly connection: Connection) {}

  clear(): void {
    this.settings.clear();
    this.excludes.clear();
  }

  of(folder: Folder): Promise<Settings> {
    const key = folder.uri ?? '';
    let s = this.settings.get(key);
    if (!s) {
      s = this.enabled
        ? this.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SETTINGS_SECTION }).then(settingsFrom, () => ({ ...DEFAULT_SETTINGS }))
        : Promise.resolve({ ...DEFAULT_SETTINGS });
      this.settings.set(key, s);
    }
    return s;
  }

  /** `files.exclude` of a folder as gitignore-style patterns (brace alternatives expanded). */
  excludesOf(folder: Folder): Promise<string[]> {
    const key = folder.uri ?? '';
    let s = this.excludes.get(key);
    if (!s) {
      s = this.enabled && folder.uri
        ? this.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'files.exclude' }).then(
            (raw: unknown) => (raw && typeof raw === 'object' ? Object.entries(raw as Record<string, unknown>).filter(([, on]) => on === true).flatMap(([g]) => expandBraces(g)) : []),
            () => [],
          )
        : Promise.resolve([]);
      this.excludes.set(key, s);
    }
    return s;
  }

  /** The folder's settings applied to its linter. */
  async prepare(folder: Folder): Promise<Settings> {
    const settings = await this.of(folder);
    folder.applySettings(settings);
    return settings;
  }
}

export function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return m[1].split(',').flatMap((alt) => expandBraces(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}
