// The garbage of a lint, collected while the editor is idle. A lint of a large file leaves megabytes of short-lived
// objects in V8's young generation; the scavenge that clears them comes when that space is full, which is mostly
// inside the next edit's lint, and it then delays that edit's answer by a few milliseconds (its cost grows with what
// is still alive, such as a big file's trees). Run right after a lint is published, it costs the same and nobody
// waits for it. Only the young generation is collected: the old one is left to V8's own incremental marking.
export type Collect = (options: { type: 'minor' | 'major' }) => void;

/**
 * V8's collector, when Node was started with `--expose-gc` (the extension starts the server so); undefined otherwise,
 * and then V8 collects on its own schedule as before.
 */
export function exposedCollector(global: { gc?: unknown } = globalThis): Collect | undefined {
  return typeof global.gc === 'function' ? (global.gc as Collect) : undefined;
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly collect: Collect | undefined) {}

  /** Lints are over for now: collect once the messages already waiting (the publication being written) are handled. */
  idle(): void {
    if (!this.collect || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.collect!({ type: 'minor' });
    }, 0);
  }

  /**
   * A big lint is over (the folder read): one full collection, so the memory its trees took goes back to the system
   * now, not whenever V8 next decides to shrink the heap.
   */
  settle(): void {
    if (this.collect) setTimeout(() => this.collect!({ type: 'major' }), 0);
  }

  /** A lint is on its way: a collection that has not run yet waits for the next idle spell. */
  busy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
