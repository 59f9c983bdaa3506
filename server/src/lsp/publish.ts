// What the client is shown, and the one place that decides whether a lint's findings go out again. Findings are
// compared by value, once, here: a file whose findings read the same over unchanged texts is not sent again.
// A client that pulls diagnostics (`textDocument/diagnostic`) gets open documents' diagnostics when it asks; files
// that are not open, and every file of a client that only takes pushes, get `publishDiagnostics`.
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { sameFindingObjects, type Finding } from '../core/finding';
import type { FixRecord } from './code-actions';
import { diagnosticKey, toDiagnostic, type Texts } from './convert';

/** What was last shown per URI: the document version and the findings the diagnostics came from. */
interface Shown {
  version: number | null;
  findings: readonly Finding[];
  /** For a file on disk: the workspace versions of the files its positions were worked out from (itself, related ones). */
  sources?: Map<string, number>;
  /** Whether the last diagnostics of this URI went out as a push (a pulled document had better not keep one). */
  pushed: boolean;
}

export interface DiagnosticsSink {
  push(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  /** Ask a pulling client to pull the open documents again. */
  refresh(): void;
}

export class Publisher {
  private readonly shown = new Map<string, Shown>();
  /** URI -> what the last lint found, for code actions and hovers (open documents only). */
  readonly records = new Map<string, FixRecord>();
  /** Pull mode: URI -> the diagnostics an open document's next pull is answered with. */
  private readonly pulled = new Map<string, { resultId: string; diagnostics: Diagnostic[] }>();
  private resultSeq = 0;
  /** The URI whose pull is being answered: its own new diagnostics need no refresh. */
  private pulling: string | undefined;
  private refreshWanted = false;
  /** Set once the client says it pulls diagnostics. */
  pull = false;

  constructor(private readonly sink: DiagnosticsSink) {}

  /** URIs that show findings now. */
  *withFindings(): Iterable<string> {
    for (const [uri, s] of this.shown) if (s.findings.length > 0) yield uri;
  }

  /**
   * A lint's findings for one URI: shown unless the very same ones are on show. `version` is the open document's
   * version, or null for a file on disk.
   */
  offer(uri: string, version: number | null, findings: Finding[], texts: Texts, versionOf: (path: string) => number): void {
    const shown = this.shown.get(uri);
    if (version === null && findings.length === 0 && !shown?.findings.length) return;
    // The same findings (the linter hands back the very objects when nothing they depend on changed) for the same
    // version are on show already. A file on disk whose findings were made again (a cross-file rule ran again) but
    // read the same, over unchanged texts, is on show too: only open documents keep findings for code actions.
    if (shown && shown.version === version && sameFindingObjects(shown.findings, findings)) return;
    if (shown && version === null && shown.version === null && sameOnShow(shown, findings, versionOf)) {
      this.shown.set(uri, { ...shown, findings });
      return;
    }
    this.publish(uri, version, findings, texts, versionOf);
  }

  private publish(uri: string, version: number | null, findings: Finding[], texts: Texts, versionOf: (path: string) => number): void {
    const record: FixRecord = { version, findings: new Map() };
    const diagnostics: Diagnostic[] = [];
    for (const f of findings) {
      const d = toDiagnostic(f, texts);
      // The version travels with the diagnostic, so a code action asked with diagnostics of an older version is known stale.
      if (version !== null) d.data = { version };
      diagnostics.push(d);
      record.findings.set(diagnosticKey(d), { finding: f, diagnostic: d });
    }
    // Code actions and hovers are for open documents only: a file on disk keeps no record.
    if (version !== null) this.records.set(uri, record);
    else this.records.delete(uri);
    const sources = version === null ? sourcesOf(findings, versionOf) : undefined;
    this.show(uri, version, diagnostics, findings, sources);
  }

  /** Diagnostics that come from no rule (a broken `.shipshape.yaml`), for a URI that has no findings of its own. */
  showPlain(uri: string, version: number | null, diagnostics: Diagnostic[]): void {
    const shown = this.shown.get(uri);
    if (!diagnostics.length && !shown) return;
    this.records.delete(uri);
    this.show(uri, version, diagnostics, [], undefined);
  }

  private show(uri: string, version: number | null, diagnostics: Diagnostic[], findings: readonly Finding[], sources: Map<string, number> | undefined): void {
    const wasPushed = this.shown.get(uri)?.pushed ?? false;
    if (this.pull && version !== null) {
      this.pulled.set(uri, { resultId: String(++this.resultSeq), diagnostics });
      if (uri !== this.pulling) this.refreshWanted = true;
      // A file shown by a push while it was closed: the pulled diagnostics replace it.
      if (wasPushed) this.sink.push(uri, undefined, []);
      this.shown.set(uri, { version, findings, sources, pushed: false });
      return;
    }
    this.shown.set(uri, { version, findings, sources, pushed: true });
    this.sink.push(uri, version ?? undefined, diagnostics);
  }

  clear(uri: string): void {
    this.records.delete(uri);
    const shown = this.shown.get(uri);
    if (shown?.pushed) this.sink.push(uri, undefined, []);
    this.shown.delete(uri);
    this.pulled.delete(uri);
  }

  /** Answer a pull for `uri` with what `lint` leaves for it (lint offers its findings, as every lint does). */
  async answerPull(uri: string, previousResultId: string | undefined, lint: () => Promise<void>): Promise<DocumentDiagnosticReport> {
    this.pulling = uri;
    try {
      await lint();
    } finally {
      this.pulling = undefined;
    }
    this.flush();
    const p = this.pulled.get(uri);
    if (!p) return { kind: 'full', items: [] };
    if (previousResultId === p.resultId) return { kind: 'unchanged', resultId: p.resultId };
    return { kind: 'full', resultId: p.resultId, items: p.diagnostics };
  }

  /** After a lint: a pulling client is asked to pull again when an open document's diagnostics changed. */
  flush(): void {
    if (!this.refreshWanted) return;
    this.refreshWanted = false;
    this.sink.refresh();
  }
}

function sourcesOf(findings: readonly Finding[], versionOf: (path: string) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) {
    out.set(f.file, versionOf(f.file));
    for (const r of f.related) out.set(r.file, versionOf(r.file));
  }
  return out;
}

/** Whether these findings give the very diagnostics that are on show: same content, positions over the same texts. */
function sameOnShow(shown: Shown, list: readonly Finding[], versionOf: (path: string) => number): boolean {
  if (!shown.sources || shown.findings.length !== list.length) return false;
  for (const [p, v] of shown.sources) if (versionOf(p) !== v) return false;
  for (let i = 0; i < list.length; i++) if (!sameDiagnostic(shown.findings[i], list[i])) return false;
  return true;
}

/** Everything of a finding that its diagnostic shows (the fixes are for code actions, kept for open documents only). */
function sameDiagnostic(a: Finding, b: Finding): boolean {
  if (a === b) return true;
  if (a.ruleId !== b.ruleId || a.severity !== b.severity || a.message !== b.message || a.file !== b.file) return false;
  if (a.range.start !== b.range.start || a.range.end !== b.range.end) return false;
  if (a.tags.length !== b.tags.length || a.tags.some((t, i) => t !== b.tags[i])) return false;
  if (a.related.length !== b.related.length) return false;
  for (let i = 0; i < a.related.length; i++) {
    const x = a.related[i];
    const y = b.related[i];
    if (x.file !== y.file || x.message !== y.message || x.range.start !== y.range.start || x.range.end !== y.range.end) return false;
  }
  return true;
}
