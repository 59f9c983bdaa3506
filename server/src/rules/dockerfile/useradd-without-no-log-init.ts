import { defineRule } from '../../model/rule';
import { commandsOf, hostSpan, programName, type ShWord } from './_commands';
import { resolveAt } from './_stages';

/** From this UID on, /var/log/lastlog (292 bytes a UID) and faillog grow to tens of megabytes and beyond. */
export const LARGE_UID = 100_000;
const LASTLOG_RECORD = 292;

export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

interface UidFlag {
  /** span of the flag and its value, in the script */
  start: number;
  end: number;
  value: string;
}

/** Read useradd's options: where the UID is, whether -l/--no-log-init is there. */
function readUseradd(words: ShWord[]): { uid: UidFlag | undefined; noLogInit: boolean } {
  let uid: UidFlag | undefined;
  let noLogInit = false;
  // short options that take a value (shadow-utils useradd)
  const withValue = new Set(['b', 'c', 'd', 'e', 'f', 'g', 'G', 'k', 'K', 'p', 'R', 'P', 's', 'u', 'Z']);
  for (let i = 1; i < words.length; i++) {
    const w = words[i].value;
    if (w === '--') break;
    if (w.startsWith('--')) {
      const [name, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      if (name === '--no-log-init') noLogInit = true;
      else if (name === '--uid') {
        if (inline !== undefined) uid = { start: words[i].span.start, end: words[i].span.end, value: inline };
        else if (words[i + 1]) {
          uid = { start: words[i].span.start, end: words[i + 1].span.end, value: words[i + 1].value };
          i++;
        }
      } else if (inline === undefined && ['--base-dir', '--comment', '--home-dir', '--expiredate', '--inactive', '--gid', '--groups', '--skel', '--key', '--password', '--root', '--prefix', '--shell', '--selinux-user', '--btrfs-subvolume-home'].includes(name)) i++;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const c = w[k];
        if (c === 'l') noLogInit = true;
        if (withValue.has(c)) {
          const rest = w.slice(k + 1);
          if (c === 'u') {
            if (rest) uid = { start: words[i].span.start, end: words[i].span.end, value: rest };
            else if (words[i + 1]) uid = { start: words[i].span.start, end: words[i + 1].span.end, value: words[i + 1].value };
          }
          if (!rest) i++;
          break;
        }
      }
    }
  }
  return { uid, noLogInit };
}

export default defineRule({
  meta: {
    id: 'useradd-without-no-log-init',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'useradd with a large UID and no -l writes a huge sparse /var/log/lastlog into the layer',
    symptom: 'the image grows by gigabytes, or the build fills the disk: no space left on device',
    type: 'problem',
    fix: 'always',
    messages: {
      large: '`useradd {flag}` (UID {uid}) without `-l` (`--no-log-init`) makes /var/log/lastlog a {size} sparse file, and image layers store sparse files in full: the layer grows by that much and the build can fill the disk. Add `-l`.',
      variable: '`useradd {flag}` without `-l` (`--no-log-init`): the UID is only known at build time, and with a large one (a directory-service UID is often 9 or 10 digits) /var/log/lastlog becomes a sparse file of hundreds of GB that the layer stores in full. Add `-l`.',
    },
    peers: { hadolint: ['DL3046'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    for (const run of model.runs) {
      const script = run.script;
      if (!script || !script.text.includes('useradd')) continue;
      for (const cmd of commandsOf(ctx.workspace, script)) {
        if (programName(cmd.words[0]) !== 'useradd') continue;
        const { uid, noLogInit } = readUseradd(cmd.words);
        if (!uid || noLogInit) continue;
        // `${UID}` is shown as `$UID`: the same variable, and no brace pair to read as a placeholder.
        const flag = script.text.slice(uid.start, uid.end).replace(/\$\{(\w+)\}/g, '$$$1');
        const value = resolveAt(model, run, uid.value);
        const range = hostSpan(script, { start: uid.start, end: uid.end });
        const at = hostSpan(script, cmd.words[0].span).end;
        const fixes = [{ title: 'Add `-l` to useradd', safety: 'safe' as const, edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: ' -l' }] }];
        if (value === undefined || value === '') {
          // A risk, not a certainty: one notch below the rule's severity.
          ctx.report({ messageId: 'variable', data: { flag }, range, fixes, severity: 'info' });
          continue;
        }
        if (!/^\d+$/.test(value)) continue;
        const n = Number(value);
        if (n < LARGE_UID) continue;
        ctx.report({ messageId: 'large', data: { flag, uid: n, size: formatBytes((n + 1) * LASTLOG_RECORD) }, range, fixes });
      }
    }
  },
});
