// Linting for the editor: open documents' texts go into their folder's workspace; a change lints the file and every
// file a cross-file rule ties to it, open or not, and hands the findings to the publisher, which shows what changed.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isEmbedded } from '../core/embedded-files';
import type { Finding } from '../core/finding';
import type { SourceFile } from '../model/rule';
import type { ConfigView } from './config-view';
import { Texts } from './convert';
import type { DocumentPaths } from './documents';
import type { Folder } from './folder';
import type { Folders } from './folders';
import { isUnder } from './paths';
import type { Publisher } from './publish';
import type { SettingsSource } from './settings-source';

export interface LintingDeps {
  documents: TextDocuments<TextDocument>;
  paths: DocumentPaths;
  folders: Folders;
  settings: SettingsSource;
  publisher: Publisher;
  config: ConfigView;
  log(message: string): void;
}

export class Linting {
  constructor(private readonly d: LintingDeps) {}

  openDocumentFor(p: string): TextDocument | undefined {
    for (const doc of this.d.documents.all()) if (this.d.paths.pathOf(doc.uri) === p) return doc;
    return undefined;
  }

  /** Put an open document's text into its folder's workspace. */
  sync(doc: TextDocument): { folder: Folder; file: SourceFile | undefined } {
    const p = this.d.paths.pathOf(doc.uri);
    const folder = this.d.folders.of(p);
    const file = folder.setDocument(p, doc.getText());
    return { folder, file };
  }

  /** The files whose findings may change when `changed` changes: themselves and every file a cross-file rule ties to them. */
  affectedBy(folder: Folder, changed: SourceFile[]): string[] {
    const out = new Set(changed.map((f) => f.path));
    // A file counts with the files it writes (a script's daemon.json), and a written file stands for its writer.
    const kinds = new Set(changed.flatMap((f) => [f.kind, ...folder.workspace.embeddedOf(f).map((e) => e.kind)]));
    const tied = new Set<string>();
    for (const r of folder.linter.rules) if (r.meta.scope === 'workspace' && r.meta.kinds.some((k) => kinds.has(k))) r.meta.kinds.forEach((k) => tied.add(k));
    for (const k of tied) for (const f of folder.workspace.files(k as never)) out.add(isEmbedded(f) ? f.embed.host.path : f.path);
    // Files showing findings now must be looked at again, so findings that no longer hold are cleared.
    for (const uri of this.d.publisher.withFindings()) {
      const p = this.d.paths.pathOf(uri);
      if (folder.workspace.get(p) && isUnder(p, folder.root || '/')) out.add(p);
    }
    return [...out];
  }

  /** Lint these paths of a folder and show: open documents always, other files when they have or had findings. */
  async lintAndPublish(folder: Folder, list: string[], why: string): Promise<Finding[]> {
    const { documents, paths, publisher } = this.d;
    await this.d.settings.prepare(folder);
    for (const p of folder.takeDropped()) publisher.clear(paths.uriOf(p));
    // A document may have closed while the settings were read: lint only what is still in the workspace.
    list = list.filter((p) => folder.workspace.get(p));
    const t0 = performance.now();
    const result = folder.linter.lint(list);
    const ms = performance.now() - t0;
    const byFile = new Map<string, Finding[]>();
    for (const p of list) byFile.set(p, []);
    for (const f of result.findings) byFile.get(f.file)?.push(f);
    const texts = new Texts((p) => folder.workspace.get(p)?.text);
    const versionOf = (p: string) => folder.workspace.get(p)?.version ?? -1;
    const openByPath = new Map<string, TextDocument>();
    for (const doc of documents.all()) openByPath.set(paths.pathOf(doc.uri), doc);
    for (const [p, found] of byFile) {
      const doc = openByPath.get(p);
      const file = folder.workspace.get(p);
      if (doc && file && file.text !== doc.getText()) continue; // a newer edit is on its way
      publisher.offer(doc?.uri ?? paths.uriOf(p), doc?.version ?? null, found, texts, versionOf);
    }
    publisher.flush();
    this.d.log(`linted ${list.length} file(s) (${why}) in ${ms.toFixed(1)} ms: ${result.findings.length} finding(s)`);
    return result.findings;
  }

  /** An open document and the files tied to it; a document the engine does not lint shows nothing (or its config problems). */
  async validate(doc: TextDocument, why: string): Promise<void> {
    const { folder, file } = this.sync(doc);
    if (!file) {
      if (!this.d.config.show(folder, this.d.paths.pathOf(doc.uri))) this.d.publisher.clear(doc.uri);
      return;
    }
    await this.lintAndPublish(folder, this.affectedBy(folder, [file]), why);
  }

  /** Everything shown or open, again (after a settings or config change). */
  async relintAll(why: string): Promise<void> {
    const { documents, paths, folders } = this.d;
    const byFolder = new Map<Folder, Set<string>>();
    const add = (p: string) => {
      const f = folders.of(p);
      if (!f.workspace.get(p)) return;
      let s = byFolder.get(f);
      if (!s) byFolder.set(f, (s = new Set()));
      s.add(p);
    };
    for (const doc of documents.all()) {
      this.sync(doc);
      add(paths.pathOf(doc.uri));
    }
    for (const uri of this.d.publisher.withFindings()) add(paths.pathOf(uri));
    for (const [f, list] of byFolder) await this.lintAndPublish(f, [...list], why);
  }

  /** The open documents of a folder, linted with what they tie to (after its files were read from disk). */
  async lintOpenIn(folder: Folder, why: string): Promise<void> {
    const open = this.d.documents.all().map((doc) => this.d.paths.pathOf(doc.uri)).filter((p) => this.d.folders.of(p) === folder && folder.workspace.get(p));
    if (open.length) await this.lintAndPublish(folder, this.affectedBy(folder, open.map((p) => folder.workspace.get(p)!)), why);
  }
}
