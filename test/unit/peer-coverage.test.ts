// Every hadolint DL rule and every BuildKit check is covered by some rule's meta.peers, or is listed with the reason
// it is left out (server/src/knowledge/dockerfile-peers.ts). The codes in the rules' peers are all real codes.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { allRules } from '../../server/src/rules';
import { BUILDKIT_CHECKS, HADOLINT_CODES, type PeerCode } from '../../server/src/knowledge/dockerfile-peers';

const tools: ['hadolint' | 'buildkit', readonly PeerCode[]][] = [
  ['hadolint', HADOLINT_CODES],
  ['buildkit', BUILDKIT_CHECKS],
];

describe('peer coverage', () => {
  for (const [tool, codes] of tools) {
    const covered = new Set(allRules.flatMap((r) => r.meta.peers?.[tool] ?? []));

    it(`lists each ${tool} code once`, () => {
      const names = codes.map((c) => c.code);
      assert.equal(new Set(names).size, names.length);
    });

    it(`names only real ${tool} codes in the rules' meta.peers`, () => {
      const known = new Set(codes.map((c) => c.code));
      // hadolint also runs ShellCheck over RUN, and its pragmas name those codes (SC2039…): a rule may cover them.
      const shellcheck = (c: string) => tool === 'hadolint' && /^SC\d{4}$/.test(c);
      assert.deepEqual([...covered].filter((c) => !known.has(c) && !shellcheck(c)).sort(), []);
    });

    it(`covers every ${tool} code by a rule, or says why not`, () => {
      const missing = codes.filter((c) => !covered.has(c.code) && !c.leftOut).map((c) => c.code);
      assert.deepEqual(missing, [], `no rule covers these ${tool} codes and no reason is given`);
    });

    it(`gives no reason for a ${tool} code a rule covers (a stale reason)`, () => {
      assert.deepEqual(codes.filter((c) => covered.has(c.code) && c.leftOut).map((c) => c.code), []);
    });
  }
});
