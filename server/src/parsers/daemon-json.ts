// daemon.json parsed with jsonc-parser so that every node keeps its offset. dockerd reads the file with Go's strict
// encoding/json, so everything jsonc-parser tolerates (comments, trailing commas) is collected as a syntax problem.

import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError, ParseErrorCode, SyntaxKind, ScanError } from 'jsonc-parser';
import type { Span } from '../core/finding';

export interface JsonSyntaxProblem {
  kind: 'comment' | 'trailing-comma' | 'syntax' | 'duplicate-key' | 'empty-document' | 'bom';
  span: Span;
  /** jsonc-parser's code, for syntax problems; or one of RepairCode where the parse read past the problem */
  code?: string;
  /** for duplicate keys: where the key was first given */
  first?: Span;
  key?: string;
}

export interface DaemonJsonModel {
  /** The parse tree (recovers after errors), or undefined when nothing could be read. */
  root: Node | undefined;
  problems: JsonSyntaxProblem[];
  /** Whether the file is empty or only whitespace: dockerd treats that as an empty configuration. */
  empty: boolean;
}

export function parseDaemonJson(text: string): DaemonJsonModel {
  const problems: JsonSyntaxProblem[] = [];
  let body = text;
  let offset = 0;
  if (body.charCodeAt(0) === 0xfeff) {
    // dockerd strips a UTF-8 BOM; keep offsets right by parsing past it.
    offset = 1;
    body = body.slice(1);
  }
  if (BLANK.test(body)) return { root: undefined, problems, empty: true };

  // Comments (`//`, `/* */`, and the shell-style `#` people write out of habit) and trailing commas: found with the
  // scanner so each gets its exact span. `#` comments are blanked out before parsing so the tree survives them.
  // A text with no `/`, `#` or comma before a closing bracket outside its strings has none of them: no scan.
  if (mayHaveTrivia(body)) body = scanTrivia(body, offset, problems);

  // jsonc-parser recurses once per nesting level; past a few thousand levels it would overflow the stack. Such a
  // file is no daemon configuration anyway: Go stops at 10000 levels ("exceeded max depth"), and below that we
  // simply give the rules no tree.
  // Deeper nesting than the limit takes more brackets than a shorter text has.
  const deep = body.length > MAX_TREE_DEPTH ? nestingBeyond(body, MAX_TREE_DEPTH) : undefined;
  if (deep) {
    if (deep.depth > GO_MAX_DEPTH) problems.push({ kind: 'syntax', span: { start: deep.goOffset + offset, end: deep.goOffset + 1 + offset }, code: 'NestingTooDeep' });
    problems.sort((a, b) => a.span.start - b.span.start);
    return { root: undefined, problems, empty: false };
  }

  const { root, errors, repairs } = recoverTree(body);
  for (const r of repairs) problems.push({ kind: 'syntax', span: { start: r.at + offset, end: r.at + 1 + offset }, code: r.code });
  // Past the first few, errors in a row are the parser losing its footing in garbage, not mistakes of their own.
  for (const e of errors.slice(0, MAX_ERRORS)) {
    const span = { start: e.offset + offset, end: e.offset + Math.max(e.length, 1) + offset };
    problems.push({ kind: 'syntax', span: clamp(span, text.length), code: printParseErrorCode(e.error) });
  }
  if (root) collectDuplicateKeys(root, problems, offset);
  if (root && offset) shiftTree(root, offset);
  problems.sort((a, b) => a.span.start - b.span.start);
  return { root, problems, empty: false };
}

/** Problems the parse reads past: a stray `}`, a second top-level object, members without their outer braces. */
export type RepairCode = 'StrayClose' | 'SecondObject' | 'NoOuterBraces';

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/**
 * Parse, and read on past the mistakes that end a JSON text early, so the rules see every member dockerd would read
 * once the file is fixed: a `}` that closes the top-level object too soon is read as absent, a second top-level object
 * as more members of the first, members without `{ }` as inside them. Each repair is an edit of the same length (or,
 * for the braces, a virtual pair shifted away), so the tree's offsets stay those of the file.
 */
function recoverTree(body: string): { root: Node | undefined; errors: ParseError[]; repairs: { at: number; code: RepairCode }[] } {
  const repairs: { at: number; code: RepairCode }[] = [];
  let errors: ParseError[] = [];
  let root = parseTree(body, errors, PARSE_OPTIONS);
  let work = body;
  const next = (from: number) => {
    let i = from;
    while (i < work.length && /\s/.test(work[i])) i++;
    return i;
  };
  // `"a": 1, "b": 2` with no braces: read it inside a pair of braces.
  if (root && root.type === 'string' && work[next(root.offset + root.length)] === ':') {
    const wrappedErrors: ParseError[] = [];
    const wrapped = parseTree('{' + work + '\n}', wrappedErrors, PARSE_OPTIONS);
    if (wrapped && wrapped.type === 'object') {
      shiftTree(wrapped, -1);
      Object.assign(wrapped, { offset: 0, length: work.length }); // the virtual braces are not in the file
      root = wrapped;
      errors = wrappedErrors.map((e) => ({ ...e, offset: Math.min(Math.max(e.offset - 1, 0), work.length) }));
      repairs.push({ at: root.children?.[0]?.offset ?? next(0), code: 'NoOuterBraces' });
      return { root, errors, repairs };
    }
  }
  const put = (at: number, c: string) => (work = work.slice(0, at) + c + work.slice(at + 1));
  for (let round = 0; round < 50 && root && root.type === 'object'; round++) {
    const eof = errors.find((e) => e.error === ParseErrorCode.EndOfFileExpected);
    if (!eof) break;
    const close = root.offset + root.length - 1;
    if (work[close] !== '}') break;
    const x = eof.offset;
    const after = work[x] === ',' ? next(x + 1) : x;
    if (work[after] === '{') {
      // A second object: its members join the first (`} {` read as `, `; `}, {` as `,  `).
      put(close, work[x] === ',' ? ' ' : ',');
      put(after, ' ');
      repairs.push({ at: after, code: 'SecondObject' });
    } else if (work[x] === '}' || work[x] === ']') {
      // One closing brace too many after the whole object.
      put(x, ' ');
      repairs.push({ at: x, code: 'StrayClose' });
    } else {
      // The object was closed early: the members after the brace belong to it.
      put(close, ' ');
      repairs.push({ at: close, code: 'StrayClose' });
    }
    errors = [];
    root = parseTree(work, errors, PARSE_OPTIONS);
  }
  return { root, errors, repairs };
}

const MAX_TREE_DEPTH = 1000;
/** Only what String.prototype.trim removes (tested without copying the text). */
const BLANK = /^\s*$/;
const MAX_ERRORS = 20;
const GO_MAX_DEPTH = 10_000;

/** The comments and trailing commas of a text, as problems; returns the text with its `#` comments blanked out. */
function scanTrivia(body: string, offset: number, problems: JsonSyntaxProblem[]): string {
  const scanner = createScanner(body, false);
  let lastSignificant: SyntaxKind | undefined;
  let lastCommaSpan: Span | undefined;
  let blanked: string[] | undefined;
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    const tokStart = scanner.getTokenOffset();
    const span = { start: tokStart + offset, end: tokStart + scanner.getTokenLength() + offset };
    if (t === SyntaxKind.Unknown && body[tokStart] === '#') {
      let end = tokStart;
      while (end < body.length && body[end] !== '\n' && body[end] !== '\r') end++;
      problems.push({ kind: 'comment', span: { start: tokStart + offset, end: end + offset } });
      blanked ??= body.split('');
      for (let k = tokStart; k < end; k++) blanked[k] = ' ';
      scanner.setPosition(end);
      continue;
    }
    if (t === SyntaxKind.LineCommentTrivia || t === SyntaxKind.BlockCommentTrivia) {
      problems.push({ kind: 'comment', span });
      continue;
    }
    if (t === SyntaxKind.Trivia || t === SyntaxKind.LineBreakTrivia) continue;
    if ((t === SyntaxKind.CloseBraceToken || t === SyntaxKind.CloseBracketToken) && lastSignificant === SyntaxKind.CommaToken && lastCommaSpan) {
      problems.push({ kind: 'trailing-comma', span: lastCommaSpan });
    }
    if (t === SyntaxKind.CommaToken) lastCommaSpan = span;
    if (scanner.getTokenError() === ScanError.UnexpectedEndOfComment) problems.push({ kind: 'syntax', span, code: 'UnexpectedEndOfComment' });
    lastSignificant = t;
  }
  return blanked ? blanked.join('') : body;
}

/**
 * Whether the scanner could find a comment or a trailing comma: a `/` or `#` outside a string, or a comma followed,
 * past blanks and line breaks (its only other trivia), by a closing bracket. Strings are read as the scanner reads
 * them: a backslash takes the next character, a line break ends the string.
 */
function mayHaveTrivia(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 34) break;
        if (d === 92) i++;
        else if (d === 10 || d === 13) {
          i--; // the line break is read outside the string
          break;
        }
      }
    } else if (c === 47 || c === 35) return true;
    else if (c === 44) {
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13)) j++;
      if (text.charCodeAt(j) === 125 || text.charCodeAt(j) === 93) return true;
    }
  }
  return false;
}

/** The deepest nesting of a text (strings skipped), when it goes past `limit`; goOffset is where Go gives up. */
function nestingBeyond(text: string, limit: number): { depth: number; goOffset: number } | undefined {
  let depth = 0;
  let max = 0;
  let goOffset = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip a string
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
      if (depth === GO_MAX_DEPTH + 1 && goOffset < 0) goOffset = i;
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return max > limit ? { depth: max, goOffset } : undefined;
}

function clamp(s: Span, len: number): Span {
  const start = Math.min(s.start, len);
  return { start, end: Math.max(start, Math.min(s.end, len)) };
}

function collectDuplicateKeys(node: Node, out: JsonSyntaxProblem[], offset: number): void {
  const keySpan = (k: Node): Span => ({ start: k.offset + offset, end: k.offset + k.length + offset });
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'object' && n.children && n.children.length > 1) {
      const seen = new Map<string, Node>();
      for (const prop of n.children) {
        const keyNode = prop.children?.[0];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const first = seen.get(keyNode.value);
        if (first) out.push({ kind: 'duplicate-key', span: keySpan(keyNode), first: keySpan(first), key: keyNode.value });
        else seen.set(keyNode.value, keyNode);
      }
    }
    if (n.children) for (const c of n.children) stack.push(c);
  }
}

function shiftTree(node: Node, by: number): void {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    const m = n as { offset: number; colonOffset?: number };
    m.offset += by;
    if (m.colonOffset !== undefined) m.colonOffset += by;
    if (n.children) for (const c of n.children) stack.push(c);
  }
}

/** The span of a node. */
export function spanOf(n: Node): Span {
  return { start: n.offset, end: n.offset + n.length };
}

/** Top-level properties as [key node, value node | undefined] pairs, in file order. */
export function topLevelProperties(model: DaemonJsonModel): { key: string; keyNode: Node; valueNode: Node | undefined; prop: Node }[] {
  const root = model.root;
  if (!root || root.type !== 'object' || !root.children) return [];
  return objectProperties(root);
}

export function objectProperties(obj: Node): { key: string; keyNode: Node; valueNode: Node | undefined; prop: Node }[] {
  const out: { key: string; keyNode: Node; valueNode: Node | undefined; prop: Node }[] = [];
  for (const prop of obj.children ?? []) {
    const keyNode = prop.children?.[0];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    out.push({ key: keyNode.value, keyNode, valueNode: prop.children?.[1], prop });
  }
  return out;
}

/** The value of the last top-level property named `key` (dockerd, like Go, keeps the last duplicate). */
export function topLevelValue(model: DaemonJsonModel, key: string): Node | undefined {
  let found: Node | undefined;
  for (const p of topLevelProperties(model)) if (p.key === key) found = p.valueNode;
  return found;
}

/** A plain JS value for a node (objects, arrays, primitives); undefined for broken nodes. */
export function nodeValue(n: Node | undefined): unknown {
  if (!n) return undefined;
  switch (n.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of objectProperties(n)) o[p.key] = nodeValue(p.valueNode);
      return o;
    }
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}
