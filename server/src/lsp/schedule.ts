// When an open document is linted after a change. A document that was quiet this long is linted at once on its next
// change (leading edge); changes that follow each other more closely are a burst, linted once it has been quiet this
// long (trailing edge): a burst of quick edits costs a lint at its start and one at its end, not one per edit.
// Changes that pile up while a lint holds the thread are linted together right after it.
export const DEBOUNCE_MS = 50;

interface LintState {
  lastChange: number;
  immediate?: NodeJS.Immediate;
  timer?: NodeJS.Timeout;
  /** The document changed since the pending immediate was queued: more changes may be waiting behind it. */
  changedSinceQueued: boolean;
  /** A lint of this document is under way (waiting for settings, or linting). */
  running: boolean;
  /** The document changed while its lint was under way. */
  again: boolean;
}

/** Told when lints start and when none is left to run (see idle-gc.ts). */
export interface IdleListener {
  busy(): void;
  idle(): void;
}

export class LintScheduler {
  private readonly states = new Map<string, LintState>();

  /** `lint(uri)` lints the document's current text; its failures go to `onError`. */
  constructor(
    private readonly lint: (uri: string) => Promise<void>,
    private readonly onError: (e: unknown) => void,
    private readonly listener?: IdleListener,
  ) {}

  /** The document changed (its text is already in the workspace). */
  changed(uri: string): void {
    const now = performance.now();
    let st = this.states.get(uri);
    if (!st) this.states.set(uri, (st = { lastChange: -Infinity, changedSinceQueued: false, running: false, again: false }));
    const quiet = now - st.lastChange >= DEBOUNCE_MS;
    st.lastChange = now;
    this.listener?.busy();
    if (st.immediate) {
      st.changedSinceQueued = true; // the lint about to run reads the latest text
      return;
    }
    if (st.running) {
      st.again = true;
      return;
    }
    const state = st;
    if (quiet && !st.timer) st.immediate = setImmediate(() => this.afterQueued(uri, state));
    else {
      if (st.timer) clearTimeout(st.timer);
      st.timer = setTimeout(() => this.run(uri), DEBOUNCE_MS);
    }
  }

  cancel(uri: string): void {
    const st = this.states.get(uri);
    if (st?.immediate) clearImmediate(st.immediate);
    if (st?.timer) clearTimeout(st.timer);
    this.states.delete(uri);
  }

  /**
   * Messages that were already waiting when the change came in (more changes of a fast typist, or ones that piled up
   * while another lint held the thread) are handled first, one per turn of the event loop: the lint then reads the
   * last of them. Two turns per check, as the connection queues its next message after this immediate.
   */
  private afterQueued(uri: string, st: LintState, turns = 0): void {
    if (this.states.get(uri) !== st) return;
    if (turns === 0 || st.changedSinceQueued) {
      st.changedSinceQueued = false;
      st.immediate = setImmediate(() => this.afterQueued(uri, st, turns + 1));
      return;
    }
    this.run(uri);
  }

  private run(uri: string): void {
    const st = this.states.get(uri);
    if (!st) return;
    st.immediate = st.timer = undefined;
    st.running = true;
    void this.lint(uri)
      .catch(this.onError)
      .finally(() => {
        st.running = false;
        if (st.again && this.states.get(uri) === st) {
          st.again = false;
          st.timer = setTimeout(() => this.run(uri), Math.max(0, st.lastChange + DEBOUNCE_MS - performance.now()));
        }
        if (this.listener && this.quiet()) this.listener.idle();
      });
  }

  /** No lint is running or waiting to run. */
  private quiet(): boolean {
    for (const st of this.states.values()) if (st.running || st.immediate || st.timer) return false;
    return true;
  }
}
