import { defineRule } from '../../engine/rule';

export default defineRule({
  meta: {
    id: 'dockerfile-user-non-numeric',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: 'the image\'s `USER` is a name, not a number: Kubernetes cannot check `runAsNonRoot` against it',
    symptom: 'Error: container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root',
    type: 'suggestion',
    fix: 'none',
    messages: {
      name: '`USER {user}` is a name: a pod with `runAsNonRoot: true` refuses to start (`container has runAsNonRoot and image has non-numeric user ({user}), cannot verify user is non-root`), since the name means nothing outside the image. Use the numeric UID{uidHint}.',
    },
    peers: { hadolint: ['DL3066'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax || model.stages.length === 0) return;
    // Only the image's user matters: the last USER of the final stage.
    const final = model.stages[model.stages.length - 1];
    const users = final.instructions.filter((i) => i.keyword === 'USER' && i.args.length > 0);
    const last = users[users.length - 1];
    if (!last) return;
    // Windows images: Kubernetes does not apply runAsNonRoot to them, and their users are names (ContainerUser).
    const base = model.stages[0]?.from.resolved?.toLowerCase() ?? '';
    if (model.escape === '`' || /windows|nanoserver|servercore/.test(base) || /(windows|nanoserver|servercore)/.test(final.from.resolved?.toLowerCase() ?? '')) return;
    const value = last.args[0].text;
    const user = value.split(':')[0];
    if (/^\d+$/.test(user) || user.includes('$') || user === 'root') return;
    // A useradd/adduser with -u in this Dockerfile tells the number.
    const m = new RegExp(`(?:useradd|adduser)[^\\n&;|]*?(?:-u|--uid)[ =]?(\\d+)[^\\n&;|]*\\b${user.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).exec(ctx.file.text);
    const uidHint = m ? ` (\`USER ${m[1]}\`)` : '';
    ctx.report({ messageId: 'name', data: { user, uidHint }, range: last.args[0].span });
  },
});
