// The scheduler tells its listener when lints start and when none is left; the idle collector collects once per idle
// spell, and not when work came back before it ran.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { LintScheduler } from '../../server/src/lsp/schedule';
import { IdleCollector, exposedCollector } from '../../server/src/lsp/idle-gc';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle collection between lints', () => {
  it('is told busy on a change and idle once every lint is done', async () => {
    const events: string[] = [];
    let release!: () => void;
    const s = new LintScheduler(
      (uri) => {
        events.push(`lint ${uri}`);
        return uri === 'a' ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
      (e) => assert.fail(String(e)),
      { busy: () => events.push('busy'), idle: () => events.push('idle') },
    );
    s.changed('a');
    s.changed('b');
    await sleep(20);
    // b's lint is over, a's is not: not idle yet.
    assert.deepEqual(events, ['busy', 'busy', 'lint a', 'lint b']);
    release();
    await sleep(20);
    assert.deepEqual(events, ['busy', 'busy', 'lint a', 'lint b', 'idle']);
  });

  it('collects once per idle spell, and not after work came back', async () => {
    const calls: string[] = [];
    const c = new IdleCollector((o) => calls.push(o.type));
    c.idle();
    c.idle();
    await sleep(10);
    assert.deepEqual(calls, ['minor']);
    c.idle();
    c.busy();
    await sleep(10);
    assert.deepEqual(calls, ['minor']);
  });

  it('collects fully once after a big lint (the folder read), and does nothing without a collector', async () => {
    const calls: string[] = [];
    new IdleCollector((o) => calls.push(o.type)).settle();
    new IdleCollector(undefined).settle();
    assert.deepEqual(calls, [], 'not inside the lint that asked');
    await sleep(10);
    assert.deepEqual(calls, ['major']);
  });

  it("uses V8's collector where Node exposes it, and none elsewhere", () => {
    const gc = () => undefined;
    assert.equal(exposedCollector({ gc }), gc);
    assert.equal(exposedCollector({}), undefined);
  });
});
