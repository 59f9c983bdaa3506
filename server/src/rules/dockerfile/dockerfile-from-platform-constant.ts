import { defineRule } from '../../model/rule';

export default defineRule({
  meta: {
    id: 'dockerfile-from-platform-constant',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'info',
    summary: '`FROM --platform=linux/amd64`: a fixed platform, so a multi-platform build gets this architecture on every platform',
    symptom: 'exec /usr/local/bin/app: exec format error',
    type: 'suggestion',
    fix: 'none',
    messages: {
      constant: '`--platform={value}` fixes this stage to one platform: a `--platform linux/arm64` or multi-platform build still gets {value} binaries here (on other machines: `exec format error`, or slow emulation). Use `$BUILDPLATFORM` for build tools, or leave the platform to the build; or name the stage after the platform if it is meant.',
    },
    peers: { hadolint: ['DL3029'], buildkit: ['FromPlatformFlagConstDisallowed'] },
  },
  check(ctx) {
    const model = ctx.parse('dockerfile');
    if (!model.dockerfileSyntax) return;
    for (const stage of model.stages) {
      const f = stage.from.instruction.flags.find((x) => x.name === 'platform');
      const value = f?.value;
      if (!f || !value || value.includes('$')) continue;
      // A stage named after its platform (build_amd64) is a deliberate per-platform stage.
      const [os, arch] = value.toLowerCase().split('/');
      const name = stage.from.name ?? '';
      if ((os && name.includes(os)) || (arch && name.includes(arch))) continue;
      ctx.report({ messageId: 'constant', data: { value }, range: f.span });
    }
  },
});
