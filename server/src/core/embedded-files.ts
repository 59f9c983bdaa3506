// Files written by other files: the daemon.json a provisioning script writes with `cat > /etc/docker/daemon.json
// <<EOF`, the drop-in a Dockerfile RUN heredoc creates, the `write_files:` entry of a cloud-config. Each becomes a
// virtual SourceFile of the written kind, linted by every rule of that kind and joined to a host of its own, while
// every finding, related location and fix is mapped back to the exact characters of the file that writes it.
//
// The virtual file holds the text as it lands on disk (after the host's own unescaping: heredoc `\$`, printf `\n`,
// YAML block indentation), with a map from each of its offsets to a host offset, the way embedded scripts are
// mapped. A same-length masking of the host text would keep offsets identical but cannot express `\"` inside
// `echo "…"`, printf's `\n` or a YAML block's stripped indentation, which is how these files are really written.
//
// A virtual file's path is `<host path>::<written path>` (`/repo/provision.sh::/etc/docker/daemon.json`): the
// host placement in hosts.ts reads it as a host rooted at the writing file, with the written file at its real path,
// so the cross-file rules pair what one script writes with what else it writes.
//
// Parts of the text that the host fills in at run time (`$VAR`, `${VAR}`, `$(cmd)` in an unquoted heredoc) are
// unknown values: a finding whose range touches one is dropped, since it would judge a value nobody can see.

import type { FileKind } from './kinds';
import type { Finding, Fix, Related, Span } from './finding';
import type { SourceFile } from './source';

/** The kinds a written file may have: the host configuration the engine knows. */
export const WRITTEN_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['daemon-json', 'systemd-unit', 'sysconfig-env']);

/** What an extractor found: one file's text as written, mapped to the host. */
export interface WrittenText {
  kind: FileKind;
  /** The path written to, as the host names it (`/etc/docker/daemon.json`). */
  writtenPath: string;
  text: string;
  /** offsets[i] is the host offset of text[i]; offsets[text.length] is the host offset just past the end. */
  offsets: ArrayLike<number>;
  /** Spans of `text` the host fills in at run time. */
  unknown: Span[];
  /** Where the writing command or entry starts in the host: a suppression comment above it covers the whole text. */
  anchor: number;
  /**
   * The host text that writes `newText` in place of `text[start, end)`, or undefined when no safe spelling exists
   * (then a fix touching it is dropped). The caller has checked that the span is a verbatim run of the host.
   */
  encode(newText: string, start: number, end: number): string | undefined;
}

export interface EmbeddedFile extends SourceFile {
  embed: WrittenText & { host: SourceFile };
}

export function isEmbedded(file: SourceFile): file is EmbeddedFile {
  return (file as Partial<EmbeddedFile>).embed !== undefined;
}

export const EMBED_SEPARATOR = '::';

export function embeddedPath(hostPath: string, writtenPath: string, n: number): string {
  const p = writtenPath.startsWith('/') ? writtenPath : '/' + writtenPath;
  return `${hostPath}${EMBED_SEPARATOR}${p}${n > 0 ? `#${n + 1}` : ''}`;
}

/** A cheap test whether a host text may write one of the files (most files do not mention any). */
export const MENTIONS_WRITTEN = /daemon\.json|\.service\.d\/|systemd\/system\/docker\.|\/default\/docker|sysconfig\/docker/;

/** The host offset of a virtual offset. */
function at(e: WrittenText, i: number): number {
  return e.offsets[Math.max(0, Math.min(i, e.text.length))];
}

/**
 * A virtual span as a host span: it starts at the backslash of an escape that produced its first character (`\"`
 * in `echo "…"`), and ends past the whole escape that produced its last one (printf's `\n`, JSON's `\u00e9`).
 */
export function hostSpanOf(e: WrittenText, span: Span, hostText: string): Span {
  let start = at(e, span.start);
  if (span.start < e.text.length && hostText[start - 1] === '\\' && (span.start === 0 || at(e, span.start - 1) < start - 1)) start--;
  if (span.end <= span.start) return { start, end: start };
  const last = at(e, span.end - 1);
  let end = last + 1;
  if (hostText[last] === '\\') {
    const next = span.end < e.text.length ? at(e, span.end) : last + 2;
    if (next > end && next - end <= 10 && !/\s/.test(hostText.slice(end, next))) end = next;
  }
  return { start, end: Math.max(start, end) };
}

function touchesUnknown(e: WrittenText, span: Span): boolean {
  for (const u of e.unknown) {
    if (span.end > span.start ? span.start < u.end && u.start < span.end : span.start >= u.start && span.start <= u.end) return true;
  }
  return false;
}

/** Whether text[start, end) sits in the host character for character (no escape, no stripped indentation). */
function verbatim(e: WrittenText, start: number, end: number, hostText: string): boolean {
  const h = at(e, start);
  for (let i = start; i < end; i++) if (at(e, i) !== h + (i - start) || hostText[h + (i - start)] !== e.text[i]) return false;
  // An insertion must not land between the parts of an escape, or past a closing quote at the end.
  return end > start || start === 0 || at(e, start) === at(e, start - 1) + 1;
}

/**
 * One edit of a virtual file as a host edit, or undefined when it cannot be written safely: the replaced text must
 * sit in the host character for character, or exactly as the host's own spelling of it (`\"graph\"` in `echo "…"`).
 */
function hostEdit(e: WrittenText, hostPath: string, hostText: string, range: Span, newText: string): Fix['edits'][number] | undefined {
  if (touchesUnknown(e, range)) return undefined;
  const encoded = e.encode(newText, range.start, range.end);
  if (encoded === undefined) return undefined;
  if (verbatim(e, range.start, range.end, hostText)) {
    const start = at(e, range.start);
    return { file: hostPath, range: { start, end: start + (range.end - range.start) }, newText: encoded };
  }
  if (range.end <= range.start) return undefined;
  const span = hostSpanOf(e, range, hostText);
  if (e.encode(e.text.slice(range.start, range.end), range.start, range.end) !== hostText.slice(span.start, span.end)) return undefined;
  return { file: hostPath, range: span, newText: encoded };
}

/**
 * A finding as the user sees it: on the host file, at the host's characters. Undefined when it judges an unknown
 * value. `lookup` finds the embedded file of a virtual path.
 */
export function toHostFinding(f: Finding, lookup: (path: string) => EmbeddedFile | undefined): Finding | undefined {
  const own = lookup(f.file);
  let related = f.related;
  if (related.some((r) => lookup(r.file))) {
    related = [];
    for (const r of f.related) {
      const e = lookup(r.file);
      if (!e) related.push(r);
      else related.push({ ...r, file: e.embed.host.path, range: hostSpanOf(e.embed, r.range, e.embed.host.text) } as Related);
    }
  }
  const touchesVirtual = (p: string) => p.includes(EMBED_SEPARATOR);
  let fixes = f.fixes;
  if (fixes.some((x) => x.edits.some((ed) => touchesVirtual(ed.file)))) {
    fixes = [];
    for (const fix of f.fixes) {
      const edits: Fix['edits'] = [];
      let ok = true;
      for (const ed of fix.edits) {
        const e = lookup(ed.file);
        if (!e) {
          // A file the fix would create under a written file's folder does not exist anywhere.
          if (touchesVirtual(ed.file)) ok = false;
          else edits.push(ed);
          continue;
        }
        const mapped = hostEdit(e.embed, e.embed.host.path, e.embed.host.text, ed.range, ed.newText);
        if (!mapped) ok = false;
        else edits.push(mapped);
      }
      if (ok) fixes.push({ ...fix, edits });
    }
  }
  if (!own) return related === f.related && fixes === f.fixes ? f : { ...f, related, fixes };
  if (touchesUnknown(own.embed, f.range)) return undefined;
  return { ...f, file: own.embed.host.path, range: hostSpanOf(own.embed, f.range, own.embed.host.text), related, fixes };
}

/** The host span each embedded file covers, with the line its writer starts on, for suppressions. */
export function embeddedRegions(files: readonly EmbeddedFile[]): { start: number; end: number; anchor: number }[] {
  return files.map((f) => ({ start: at(f.embed, 0), end: at(f.embed, f.embed.text.length), anchor: f.embed.anchor }));
}
