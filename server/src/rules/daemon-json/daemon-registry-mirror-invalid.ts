import { defineRule } from '../../model/rule';
import type { Fix } from '../../core/finding';
import { propMap, rootObject, spanOf, stringValue } from './_shared';

const MUST = "must use either 'https://' or 'http://'";

export default defineRule({
  meta: {
    id: 'daemon-registry-mirror-invalid',
    kinds: ['daemon-json'],
    scope: 'file',
    severity: 'error',
    summary: 'a registry-mirrors entry is not an http(s)://host[:port] URL',
    symptom: `dockerd refuses to start: invalid mirror: no scheme specified for "mirror.example.com": ${MUST}`,
    type: 'problem',
    fix: 'sometimes',
    messages: {
      noScheme: `The mirror "{url}" has no scheme: dockerd refuses to start with "invalid mirror: no scheme specified for \\"{url}\\": ${MUST}".`,
      badScheme: `The mirror "{url}" uses "{scheme}": dockerd refuses to start with "invalid mirror: unsupported scheme \\"{scheme}\\" in \\"{url}\\": ${MUST}".`,
      query: 'The mirror "{url}" ends in a query or fragment: dockerd refuses to start with "invalid mirror: query or fragment at end of the URI \\"{url}\\"".',
      credentials: 'The mirror "{url}" carries a user name or password: dockerd refuses to start with "invalid mirror: username/password not allowed in URI". Put credentials in the client\'s docker login instead.',
      notUri: 'The mirror "{url}" is not a valid URL: dockerd refuses to start with "invalid mirror: \\"{url}\\" is not a valid URI".',
    },
  },
  check(ctx) {
    const obj = rootObject(ctx.parse('daemon-json'));
    if (!obj) return;
    const list = propMap(ctx.workspace, obj).get('registry-mirrors')?.valueNode;
    if (!list || list.type !== 'array') return;
    for (const item of list.children ?? []) {
      const url = stringValue(item);
      if (url === undefined) continue;
      const range = spanOf(item);
      const sep = url.indexOf('://');
      if (sep <= 0) {
        // Most mirrors are served over TLS; whether this one is, only its owner knows: unsafe.
        const fixes: Fix[] = /^[a-z0-9.-]+(:\d+)?\/?$/i.test(url) ? [{ title: `Write "https://${url}"`, safety: 'unsafe', edits: [{ file: ctx.file.path, range, newText: JSON.stringify(`https://${url}`) }] }] : [];
        ctx.report({ messageId: 'noScheme', data: { url }, range, fixes });
        continue;
      }
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        ctx.report({ messageId: 'notUri', data: { url }, range });
        continue;
      }
      const scheme = url.slice(0, sep);
      if (scheme !== 'http' && scheme !== 'https') ctx.report({ messageId: 'badScheme', data: { url, scheme }, range });
      else if (u.username || u.password) ctx.report({ messageId: 'credentials', data: { url }, range });
      else if (url.includes('?') || url.includes('#')) ctx.report({ messageId: 'query', data: { url }, range });
    }
  },
});
