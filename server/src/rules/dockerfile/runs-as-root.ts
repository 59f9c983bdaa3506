import { defineRule } from '../../model/rule';
import type { DfInstruction, DockerfileModel } from '../../parsers/dockerfile';
import { parseImageRef } from './_image';

/** Bases whose default user is not root: distroless `:nonroot` tags, Chainguard images. */
function nonRootBase(image: string | undefined): boolean {
  const ref = image ? parseImageRef(image) : undefined;
  if (!ref) return false;
  if (/(^|[-_.])nonroot($|[-_.])/.test(ref.tag)) return true;
  if (ref.repository.startsWith('cgr.dev/chainguard/')) return !/(^|-)dev$/.test(ref.tag);
  return ref.repository.startsWith('bitnami/') || ref.repository === 'nginxinc/nginx-unprivileged';
}

function isRoot(user: string): boolean {
  const name = user.split(':')[0];
  return name === 'root' || name === '0';
}

/** The last USER in effect at the end of a stage, following the stages it builds on. */
function lastUser(model: DockerfileModel, stageIndex: number, seen = new Set<number>()): DfInstruction | undefined {
  if (seen.has(stageIndex)) return undefined;
  seen.add(stageIndex);
  const stage = model.stages[stageIndex];
  const users = stage.instructions.filter((i) => i.keyword === 'USER' && !i.onbuild && i.args.length > 0);
  if (users.length) return users[users.length - 1];
  return stage.from.baseStage !== undefined ? lastUser(model, stage.from.baseStage, seen) : undefined;
}

function rootBase(model: DockerfileModel, stageIndex: number): string | undefined {
  let s = model.stages[stageIndex];
  const seen = new Set<number>();
  while (s.from.baseStage !== undefined && !seen.has(s.index)) {
    seen.add(s.index);
    s = model.stages[s.from.baseStage];
  }
  return s.from.resolved;
}

export default defineRule({
  meta: {
    id: 'runs-as-root',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: 'the final stage sets no non-root USER, so the container runs as root',
    type: 'suggestion',
    fix: 'none',
    messages: {
      noUser: 'The final stage sets no `USER`, so the container runs as root: a process that escapes it is root on the host unless user namespaces remap it. Create a user and add `USER <name>`.',
      rootUser: '`USER {user}` is the last USER of the final stage, so the container runs as root. Switch to an unprivileged user after the steps that need root.',
    },
    peers: { hadolint: ['DL3002'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax || model.stages.length === 0) return;
    const final = model.stages.length - 1;
    const user = lastUser(model, final);
    if (user) {
      const value = user.args[0].text;
      if (isRoot(value)) ctx.report({ messageId: 'rootUser', data: { user: value }, range: user.args[0].span });
      return;
    }
    const base = rootBase(model, final);
    if (nonRootBase(base)) return;
    ctx.report({ messageId: 'noUser', range: model.stages[final].from.instruction.keywordSpan });
  },
});
