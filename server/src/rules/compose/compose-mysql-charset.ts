import { defineRule } from '../../model/rule';
import { legacyCharsetOf } from '../../knowledge/compose-images';
import { Resolver, isMap, isScalar, isSeq, scalarString, spanOf, type Node } from '../../parsers/compose';
import { appendToBlockMap } from './_edit';

export default defineRule({
  meta: {
    id: 'compose-mysql-charset',
    kinds: ['compose'],
    scope: 'file',
    severity: 'info',
    summary: 'MySQL 5.x / MariaDB before 11.6 without utf8mb4: non-ASCII text and emoji break',
    symptom: "Incorrect string value: '\\xF0\\x9F\\x98\\x80' for column ...; accented text stored as '?'",
    type: 'suggestion',
    fix: 'sometimes',
    messages: {
      latin1:
        '"{image}" creates databases in {charset} unless told otherwise: emoji and many scripts fail with "Incorrect string value: \'\\xF0\\x9F...\' for column" or turn into "?". Start the server with `--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci`.',
    },
  },
  check(ctx) {
    const model = ctx.parse('compose');
    const r = new Resolver(model.doc);
    for (const s of model.services) {
      if (!s.node) continue;
      const image = r.value(s.node, 'image');
      if (!isScalar(image) || typeof image.value !== 'string') continue;
      const charset = legacyCharsetOf(image.value);
      if (!charset) continue;
      if (mentionsUtf8mb4(r, r.value(s.node, 'command')) || mentionsUtf8mb4(r, r.value(s.node, 'environment'))) continue;
      // A mounted option file (conf.d, my.cnf) may set the character set: give it the benefit of the doubt.
      if (mountsConfig(r, r.value(s.node, 'volumes'))) continue;
      const hasCommand = r.value(s.node, 'command') !== undefined;
      const edit = hasCommand ? undefined : appendToBlockMap(ctx.file.path, ctx.file.text, s.node, ['command: ["--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"]']);
      ctx.report({
        messageId: 'latin1',
        data: { image: image.value, charset },
        range: spanOf(image),
        fixes: edit ? [{ title: 'Add `command:` with utf8mb4 server options', safety: 'unsafe', edits: [edit] }] : undefined,
      });
    }
  },
});

function mentionsUtf8mb4(r: Resolver, node: Node | undefined, seen = new Set<Node>()): boolean {
  if (!node || seen.has(node)) return false;
  seen.add(node);
  if (isScalar(node)) return /utf8mb4/i.test(scalarString(node));
  if (isSeq(node)) return r.items(node).some((n) => mentionsUtf8mb4(r, n, seen));
  if (isMap(node)) return r.entries(node).some((p) => mentionsUtf8mb4(r, r.resolve(p.value as Node), seen));
  return false;
}

function mountsConfig(r: Resolver, vols: Node | undefined): boolean {
  if (!isSeq(vols)) return false;
  return r.items(vols).some((v) => {
    const target = isScalar(v) ? (scalarString(v).split(':')[1] ?? '') : isMap(v) ? (r.str(v, 'target') ?? '') : '';
    return /^\/etc\/(mysql|my\.cnf)/.test(target);
  });
}
