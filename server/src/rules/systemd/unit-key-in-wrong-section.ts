import { defineRule } from '../../model/rule';
import { sectionKeys, sectionsOfKey, TYPE_SECTIONS } from '../../knowledge/systemd-directives';

// systemd ignores a directive in a section that does not define it, logging only
// `Unknown key name 'ListenStream' in section 'Service', ignoring.`; a whole section foreign to the unit type is
// skipped with `Unknown section 'Socket'. Ignoring.`

export default defineRule({
  meta: {
    id: 'unit-key-in-wrong-section',
    kinds: ['systemd-unit'],
    scope: 'file',
    severity: 'warning',
    summary: 'A systemd directive placed in a section where systemd ignores it (ExecStart= under [Unit], [Socket] keys in a .service)',
    symptom: "Unknown key name 'ListenStream' in section 'Service', ignoring.",
    type: 'problem',
    fix: 'none',
    messages: {
      key: '"{key}=" belongs in [{expected}], not [{section}]: systemd ignores it here ("Unknown key name \'{key}\' in section \'{section}\', ignoring."), so the setting does nothing.',
      outside: '"{key}=" comes before any [Section] header: systemd ignores it ("Assignment outside of section. Ignoring."), so the setting does nothing. Put a [{expected}] line above it.',
      section: 'A {unitType} unit has no [{section}] section: systemd skips it with "Unknown section \'{section}\'. Ignoring.", so nothing in it applies.',
    },
  },
  check(ctx) {
    const model = ctx.parse('systemd-unit');
    const own = TYPE_SECTIONS[model.unitType];
    for (const d of model.directives) if (d.outside) ctx.report({ messageId: 'outside', data: { key: d.key, expected: d.section }, range: d.keySpan });
    for (const s of model.sections) {
      const allowed = sectionKeys(model.unitType, s.name);
      if (!allowed) {
        // A section that belongs to another unit type (`[Socket]` in a .service).
        if (own !== undefined && ['Service', 'Socket', 'Timer', 'Mount', 'Path'].includes(s.name) && s.name !== own) {
          ctx.report({ messageId: 'section', data: { unitType: `.${model.unitType}`, section: s.name }, range: s.nameSpan });
        }
        continue;
      }
      for (const d of s.directives) {
        if (allowed.has(d.key) || d.key.startsWith('X-')) continue;
        const all = sectionsOfKey(d.key);
        const mine = all.filter((x) => x === 'Unit' || x === 'Install' || x === own);
        const where = mine.length ? mine : all;
        if (where.length === 0) continue;
        ctx.report({ messageId: 'key', data: { key: d.key, section: s.name, expected: where.join('] or [') }, range: d.keySpan });
      }
    }
  },
});
