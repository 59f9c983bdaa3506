// Linting for the editor: open documents' texts go into their folder's workspace; a change lints the file, and the
// engine says which other files' findings it changed, open or not; the publisher shows what changed.
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/finding';
import type { SourceFile } from '../model/rule';
import type { FileKind } from '../parsers/classify';
import type { ConfigView } from './config-view';
import { Texts } from './convert';
import type { DocumentPaths } from './documents';
import type { Folder } from './folder';
import type { Folders } from './folders';
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

  /** The kinds of the files a cross-file rule ties to these files (their own kinds among them). */
  tiedKinds(folder: Folder, changed: SourceFile[]): FileKind[] {
    // A file counts with the files it writes (a script's daemon.json), and a written file stands for its writer.
    const kinds = new Set(changed.flatMap((f) => [f.kind, ...folder.workspace.embeddedOf(f).map((e) => e.kind)]));
    const tied = new Set<FileKind>(kinds);
    for (const r of folder.linter.rules) if (r.meta.scope === 'workspace' && r.meta.kinds.some((k) => kinds.has(k))) r.meta.kinds.forEach((k) => tied.add(k));
    return [...tied];
  }

  /**
   * Lint changed files and show what changed: their findings, and those of every file whose findings the change
   * changed (the engine knows which: see Linter.lintChanged), and of tied files never linted yet. In a workspace of
   * thousands of files an edit costs what it changed, not a pass over every file.
   */
  async lintChangedAndPublish(folder: Folder, changed: SourceFile[], why: string, except?: string): Promise<Finding[]> {
    const kinds = this.tiedKinds(folder, changed);
    return this.publishLint(folder, why, () => {
      const r = folder.linter.lintChanged(changed.map((f) => f.path), kinds);
      return except === undefined ? r : { ...r, files: r.files.filter((p) => p !== except), findings: r.findings.filter((f) => f.file !== except) };
    });
  }

  /** Lint these paths of a folder and show: open documents always, other files when they have or had findings. */
  async lintAndPublish(folder: Folder, list: string[], why: string): Promise<Finding[]> {
    return this.publishLint(folder, why, (ready) => {
      const files = list.filter(ready);
      return { ...folder.linter.lint(files), files };
    });
  }

  private async publishLint(folder: Folder, why: string, lint: (ready: (p: string) => boolean) => { findings: Finding[]; files: string[] }): Promise<Finding[]> {
    const { documents, paths, publisher } = this.d;
    await this.d.settings.prepare(folder);
    for (const p of folder.takeDropped()) publisher.clear(paths.uriOf(p));
    const t0 = performance.now();
    // A document may have closed while the settings were read: lint only what is still in the workspace.
    const result = lint((p) => !!folder.workspace.get(p));
    const ms = performance.now() - t0;
    const byFile = new Map<string, Finding[]>();
    for (const p of result.files) byFile.set(p, []);
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
    this.d.log(`linted ${result.files.length} file(s) (${why}) in ${ms.toFixed(1)} ms: ${result.findings.length} finding(s)`);
    return result.findings;
  }

  /** An open document and the files tied to it; a document the engine does not lint shows nothing (or its config problems). */
  async validate(doc: TextDocument, why: string): Promise<void> {
    const { folder, file } = this.sync(doc);
    if (!file) {
      if (!this.d.config.show(folder, this.d.paths.pathOf(doc.uri))) this.d.publisher.clear(doc.uri);
      return;
    }
    await this.lintChangedAndPublish(folder, [file], why);
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
    if (open.length) await this.lintChangedAndPublish(folder, open.map((p) => folder.workspace.get(p)!), why);
  }
}
