import { defineRule } from '../../model/rule';

/** The registry an image reference pulls from: the first path part when it looks like a host, else Docker Hub. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) return first.toLowerCase();
  return 'docker.io';
}

function globRe(glob: string): RegExp {
  return new RegExp('^' + glob.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
}

function trusted(option: unknown): string[] {
  if (typeof option === 'string') return option ? [option] : [];
  return Array.isArray(option) ? option.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

export default defineRule({
  meta: {
    id: 'dockerfile-untrusted-registry',
    kinds: ['dockerfile'],
    scope: 'file',
    severity: 'warning',
    summary: 'FROM pulls from a registry that is not in the trustedRegistries list',
    symptom: 'an image from an unvetted source in the build, or a pull that the production network blocks',
    type: 'problem',
    fix: 'none',
    messages: {
      untrusted: '`{image}` is pulled from `{registry}`, which is not in `trustedRegistries` ({list}): the build runs code from a source nobody vetted, or fails where only those registries are reachable. Use an image from a trusted registry, or add this one to the list.',
    },
    options: {
      trustedRegistries: {
        description: 'Registries FROM may pull from (`docker.io`, `ghcr.io`, `*.gcr.io`; `*` matches any characters). Empty: the rule is silent.',
        default: [],
      },
    },
    peers: { hadolint: ['DL3026'] },
  },
  check(ctx) {
    const list = trusted(ctx.options.trustedRegistries);
    if (list.length === 0) return;
    const res = list.map(globRe);
    const model = ctx.parse('dockerfile');
    for (const stage of model.stages) {
      const from = stage.from;
      if (!from.image || from.baseStage !== undefined || !from.resolved || from.resolved.toLowerCase() === 'scratch') continue;
      const registry = registryOf(from.resolved);
      if (res.some((re) => re.test(registry) || (registry === 'docker.io' && (re.test('hub.docker.com') || re.test('index.docker.io'))))) continue;
      ctx.report({ messageId: 'untrusted', data: { image: from.resolved, registry, list: list.join(', ') }, range: from.image.span });
    }
  },
});
