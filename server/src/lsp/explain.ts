// `shipshape/explain`: the answer of `shipshape explain` for a pasted error message, as Markdown whose `path:line`
// links open the workspace files. The client shows it; the server only builds it.
import { explain, renderExplainMarkdown, type Evidence } from '../explain/explain';
import type { ExplainAnswer, ExplainParams } from '../protocol/requests';
import { pathToUri } from './paths';

export function locationLink(e: Evidence, links: 'file' | 'command' = 'file'): string {
  const uri = pathToUri(e.file);
  if (links === 'command') return `command:shipshape.openLocation?${encodeURIComponent(JSON.stringify([uri, e.line]))}`;
  return `${uri}#L${e.line}`;
}

export async function explainAnswer(params: ExplainParams): Promise<ExplainAnswer> {
  const text = typeof params?.text === 'string' ? params.text : '';
  const folder = typeof params?.folder === 'string' && params.folder ? params.folder : undefined;
  const links = params?.links === 'command' ? 'command' : 'file';
  const result = await explain(text, folder ? { workspace: folder, cwd: folder } : {});
  const locations: ExplainAnswer['locations'] = [];
  const markdown = renderExplainMarkdown(result, {
    link: (e) => {
      locations.push({ uri: pathToUri(e.file), line: e.line, ruleId: e.ruleId });
      return locationLink(e, links);
    },
  });
  return { matched: result.matched, markdown, locations };
}
