// URI <-> path, worked out once per URI or path: the server asks for both on every lint.
import { pathToUri, uriToPath } from './paths';

export class DocumentPaths {
  private readonly paths = new Map<string, string>();
  private readonly uris = new Map<string, string>();

  pathOf(uri: string): string {
    let p = this.paths.get(uri);
    if (p === undefined) this.paths.set(uri, (p = uriToPath(uri)));
    return p;
  }

  /** The URI of a file on disk. */
  uriOf(path: string): string {
    let u = this.uris.get(path);
    if (u === undefined) this.uris.set(path, (u = pathToUri(path)));
    return u;
  }
}
