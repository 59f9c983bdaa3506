import { defineRule } from '../../model/rule';
import { legacyCharsetOf } from '../../knowledge/compose-images';
import { spanOf } from '../../parsers/compose';
import { eachProject } from './_project';
import { child, itemsOf, mergedRuns, onceEach, textOf, type Merged } from './_merge';
import { appendToBlockMap } from './_edit';

export default defineRule({
  meta: {
    id: 'compose-mysql-charset',
    kinds: ['compose', 'env-file'],
    scope: 'workspace',
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
    // Each run of a project (the default files, each `-f` file on top of them) as Compose merges its services: a
    // `command:` or a mounted option file from an override counts, an image an override sets is reported there.
    eachProject(ctx, 'compose-mysql-charset', [], (project, all) => {
      const report = onceEach(all);
      for (const run of mergedRuns(ctx.workspace, ctx.parse, project)) {
        for (const [name, ms] of run.services) {
          const svc = ms.root;
          const image = child(svc, 'image');
          const ref = textOf(image);
          if (!svc || !image || ref === undefined || ms.unresolvedExtends) continue;
          const charset = legacyCharsetOf(ref);
          if (!charset) continue;
          if (mentionsUtf8mb4(child(svc, 'command')) || mentionsUtf8mb4(child(svc, 'environment'))) continue;
          // A mounted option file (conf.d, my.cnf) may set the character set: give it the benefit of the doubt.
          if (mountsConfig(child(svc, 'volumes'))) continue;
          const file = image.pf.file;
          const def = project.services.get(name)?.defs.find((d) => d.pf.file === file)?.svc.node;
          const edit = child(svc, 'command') || !def ? undefined : appendToBlockMap(file.path, file.text, def, ['command: ["--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"]']);
          report({
            messageId: 'latin1',
            data: { image: ref, charset },
            file: file.path,
            range: spanOf(image.node),
            fixes: edit ? [{ title: 'Add `command:` with utf8mb4 server options', safety: 'unsafe', edits: [edit] }] : undefined,
          });
        }
      }
    });
  },
});

/** Whether a value mentions utf8mb4 anywhere (each shared value looked at once: anchors can nest deep). */
function mentionsUtf8mb4(m: Merged | undefined, seen = new Set<Merged>()): boolean {
  if (!m || seen.has(m)) return false;
  seen.add(m);
  if (m.items) return m.items.some((x) => mentionsUtf8mb4(x, seen));
  if (m.entries) return [...m.entries.values()].some((x) => mentionsUtf8mb4(x, seen));
  return /utf8mb4/i.test(textOf(m) ?? '');
}

function mountsConfig(vols: Merged | undefined): boolean {
  return itemsOf(vols).some((v) => {
    const target = v.entries ? (textOf(v.entries.get('target')) ?? '') : (textOf(v)?.split(':')[1] ?? '');
    return /^\/etc\/(mysql|my\.cnf)/.test(target);
  });
}
