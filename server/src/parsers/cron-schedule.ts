// The five time fields of a cron job read the way Vixie cron and cronie read them (entry.c: get_list, get_range,
// get_number): a field is a comma list of `*`, `N`, `N-M`, each optionally followed by `/STEP`; N and M are numbers,
// or in the month and day-of-week fields three-letter names. Each problem keeps the span of the smallest bad part.
import type { Span } from '../core/finding';
import { CRON_FIELDS, type CronFieldInfo } from '../knowledge/cron';
import type { CronWord } from './crontab';

export type ScheduleProblemCode =
  | 'out-of-range' // a value outside the field's limits
  | 'bad-name' // a word that is not one of the field's names (or a name in a field that takes none)
  | 'reversed-range' // N-M with N > M
  | 'zero-step' // /0
  | 'syntax' // anything else cron cannot read (empty list element, stray characters)
  | 'step-on-single'; // N/STEP: cronie rejects it, Debian's cron ignores the step

export interface ScheduleProblem {
  code: ScheduleProblemCode;
  /** 0..4: which field. */
  field: number;
  span: Span;
  /** The offending text. */
  text: string;
}

/** The values a field selects, or undefined when cron cannot read it. */
export interface ReadField {
  values: Set<number>;
  /** The field is `*` (or `*` with a step): cron treats a day field written with `*` as unrestricted. */
  star: boolean;
}

const NUM = /^\d+$/;

function valueOf(info: CronFieldInfo, s: string): number | 'bad-name' | 'syntax' {
  if (NUM.test(s)) return Number(s);
  if (/^[a-z]+$/i.test(s)) {
    if (!info.names) return 'bad-name';
    const i = info.names.indexOf(s.toLowerCase());
    return i < 0 ? 'bad-name' : info.min + i;
  }
  return 'syntax';
}

/** Check one field; `index` is 0..4. Returns its problems and, when it can be read, its values. */
export function readField(word: CronWord, index: number): { problems: ScheduleProblem[]; field?: ReadField } {
  const info = CRON_FIELDS[index];
  const problems: ScheduleProblem[] = [];
  const values = new Set<number>();
  const base = word.span.start;
  const text = word.text;
  const star = text.startsWith('*');
  const report = (code: ScheduleProblemCode, from: number, to: number) =>
    problems.push({ code, field: index, span: { start: base + from, end: base + to }, text: text.slice(from, to) });

  let at = 0;
  for (const element of text.split(',')) {
    const from = at;
    const to = at + element.length;
    at = to + 1;
    if (element === '') {
      // an empty list element (`1,,2`, `1,`): the whole field is unreadable
      if (!problems.some((p) => p.code === 'syntax' && p.text === text)) report('syntax', 0, text.length);
      continue;
    }
    if (element.includes('~')) {
      // cronie's random values (`~`, `N~M`): accepted, their value is chosen when the crontab is read
      if (!/^(\d*|[a-z]*)~(\d*|[a-z]*)$/i.test(element)) report('syntax', from, to);
      continue;
    }
    const slash = element.indexOf('/');
    const rangePart = slash < 0 ? element : element.slice(0, slash);
    const stepPart = slash < 0 ? undefined : element.slice(slash + 1);
    let lo: number;
    let hi: number;
    let single = false;
    let ok = true;
    if (rangePart === '*') {
      lo = info.min;
      hi = info.max;
    } else {
      const dash = rangePart.indexOf('-', 1);
      const aText = dash < 0 ? rangePart : rangePart.slice(0, dash);
      const bText = dash < 0 ? undefined : rangePart.slice(dash + 1);
      const a = valueOf(info, aText);
      if (typeof a !== 'number') {
        report(a, from, from + aText.length);
        continue;
      }
      if (a < info.min || a > info.max) {
        report('out-of-range', from, from + aText.length);
        ok = false;
      }
      lo = a;
      hi = a;
      single = bText === undefined;
      if (bText !== undefined) {
        const bFrom = from + aText.length + 1;
        const b = valueOf(info, bText);
        if (typeof b !== 'number') {
          report(bText === '' ? 'syntax' : b, bText === '' ? bFrom - 1 : bFrom, bText === '' ? bFrom : bFrom + bText.length);
          continue;
        }
        if (b < info.min || b > info.max) {
          report('out-of-range', bFrom, bFrom + bText.length);
          ok = false;
        } else if (ok && a > b) {
          report('reversed-range', from, from + rangePart.length);
          ok = false;
        }
        hi = b;
      }
    }
    let step = 1;
    if (stepPart !== undefined) {
      const sFrom = from + rangePart.length + 1;
      if (!NUM.test(stepPart)) {
        report('syntax', sFrom - 1, sFrom + stepPart.length);
        continue;
      }
      step = Number(stepPart);
      if (step === 0) {
        report('zero-step', sFrom - 1, sFrom + stepPart.length);
        continue;
      }
      if (single) {
        // cronie's get_number takes no `/` after a lone number ("bad minute"); Debian's older Vixie code reads `5/15`
        // as `5` and skips the rest of the field.
        report('step-on-single', from, to);
        continue;
      }
    }
    if (!ok) continue;
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  if (index === 4 && (values.has(0) || values.has(7))) {
    values.add(0);
    values.add(7);
  }
  return problems.length > 0 ? { problems } : { problems, field: { values, star } };
}

/** Check all five fields of a job. */
export function checkSchedule(fields: readonly CronWord[]): ScheduleProblem[] {
  return fields.slice(0, 5).flatMap((w, i) => readField(w, i).problems);
}

/** The selected values of all five fields, or undefined when any cannot be read. */
export function readSchedule(fields: readonly CronWord[]): ReadField[] | undefined {
  if (fields.length !== 5) return undefined;
  const out: ReadField[] = [];
  for (let i = 0; i < 5; i++) {
    const r = readField(fields[i], i);
    if (!r.field || r.problems.length > 0) return undefined;
    out.push(r.field);
  }
  return out;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a readable schedule can never fire: the day-of-month field names only days the selected months lack
 * (`0 0 30 2 *`) and the day-of-week field does not widen it (it is `*`).
 */
export function neverRuns(read: ReadField[]): boolean {
  const [, , dom, month, dow] = read;
  if (dom.star || !dow.star) return false;
  for (const m of month.values) for (const d of dom.values) if (d <= DAYS_IN_MONTH[m - 1]) return false;
  return true;
}
