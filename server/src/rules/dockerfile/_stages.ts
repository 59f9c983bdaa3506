// Stage and variable helpers shared by the Dockerfile rules.
//
// Variables, as the builder expands them in an instruction (`variablesAt`, `resolveAt`):
// - an `ARG NAME=default` in the stage gives its default (a `--build-arg` may replace it: the value is "as far as
//   the Dockerfile tells");
// - an `ARG NAME` without a default takes the default of a global `ARG NAME=...` declared before the first FROM;
//   with none it is unknown (undefined): its value is whatever `--build-arg` passes;
// - a global ARG is not visible in a stage that does not declare it again;
// - `ENV` values (both `ENV k=v` and the legacy `ENV k v`) are set in order, expanded with what is set before them,
//   and inherited by the stages built `FROM <stage>` (ARGs are not);
// - `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and `${VAR+alt}` are expanded by `substitute`.
// ONBUILD triggers set nothing here: they run in the child build.
// `resolveAt(model, at, word)` gives a word's value, or undefined when some variable in it is unknown.
import { substitute, type DfInstruction, type DfStage, type DockerfileModel } from '../../parsers/dockerfile';

/** The final stage and the earlier stages it is built FROM, last first: the stages whose layers ship in the image. */
/** Whether a stage starts, through `FROM <stage>` links, from `scratch` (whose working directory is `/`, always). */
export function rootIsScratch(model: DockerfileModel, index: number): boolean {
  const seen = new Set<number>();
  let s = model.stages[index];
  while (s.from.baseStage !== undefined && !seen.has(s.index)) {
    seen.add(s.index);
    s = model.stages[s.from.baseStage];
  }
  return s.from.resolved?.trim().toLowerCase() === 'scratch';
}

export function shippedStages(model: DockerfileModel): Set<number> {
  const out = new Set<number>();
  let i: number | undefined = model.stages.length - 1;
  while (i !== undefined && i >= 0 && !out.has(i)) {
    out.add(i);
    i = model.stages[i].from.baseStage;
  }
  return out;
}

/** The stage a `COPY --from=<name|index>` or `FROM <name>` refers to, or undefined for an image or an unknown name. */
export function stageNamed(model: DockerfileModel, ref: string, before = model.stages.length): DfStage | undefined {
  const r = ref.toLowerCase();
  if (/^\d+$/.test(r)) return Number(r) < before ? model.stages[Number(r)] : undefined;
  for (let i = 0; i < before; i++) if (model.stages[i].from.name === r) return model.stages[i];
  return undefined;
}

/** Variables (ARG defaults and ENV values) in effect at an instruction, as far as the Dockerfile alone tells. */
export function variablesAt(model: DockerfileModel, at: DfInstruction): Map<string, string | undefined> {
  const vars = new Map<string, string | undefined>();
  const stage = model.stages[at.stage];
  if (!stage) return vars;
  // ENV of the stages this one is built FROM, oldest first.
  const chain: DfStage[] = [];
  const seen = new Set<number>([stage.index]);
  for (let b = stage.from.baseStage; b !== undefined && !seen.has(b); b = model.stages[b]?.from.baseStage) {
    seen.add(b);
    chain.unshift(model.stages[b]);
  }
  // Names set by ENV: an ENV wins over an ARG of the same name (the builder's rule).
  const env = new Set<string>();
  // ARGs are stage-scoped: the base stages' ARGs are gone, their ENVs stay.
  for (const s of chain) for (const ins of s.instructions) if (ins.keyword === 'ENV' && !ins.onbuild) setEnv(ins, vars, env);
  for (const ins of stage.instructions) {
    if (ins === at) break;
    if (ins.onbuild) continue;
    if (ins.keyword === 'ARG') {
      for (const a of ins.args) {
        const eq = a.text.indexOf('=');
        const name = eq < 0 ? a.text : a.text.slice(0, eq);
        if (env.has(name)) continue;
        vars.set(name, eq < 0 ? model.globalArgs.get(name) : expand(unquote(a.text.slice(eq + 1)), vars));
      }
    } else if (ins.keyword === 'ENV') setEnv(ins, vars, env);
  }
  return vars;
}

/** A word's value at an instruction, or undefined when a variable in it has no known value. */
export function resolveAt(model: DockerfileModel, at: DfInstruction, word: string): string | undefined {
  return word.includes('$') ? substitute(word, variablesAt(model, at)) : word;
}

function setEnv(ins: DfInstruction, vars: Map<string, string | undefined>, names: Set<string>): void {
  const args = ins.args;
  if (args.length === 2 && !args[0].text.includes('=')) {
    vars.set(args[0].text, expand(unquote(args[1].text), vars));
    names.add(args[0].text);
    return;
  }
  // `ENV a=1 b=$a`: each value is expanded with the values before the instruction, as the builder does.
  const before = new Map(vars);
  for (const a of args) {
    const eq = a.text.indexOf('=');
    if (eq > 0) {
      vars.set(a.text.slice(0, eq), expand(unquote(a.text.slice(eq + 1)), before));
      names.add(a.text.slice(0, eq));
    }
  }
}

function expand(value: string, vars: ReadonlyMap<string, string | undefined>): string | undefined {
  return value.includes('$') ? substitute(value, vars) : value;
}

function unquote(s: string): string {
  if (s.length >= 2 && ((s[0] === '"' && s.endsWith('"')) || (s[0] === "'" && s.endsWith("'")))) return s.slice(1, -1);
  return s;
}
