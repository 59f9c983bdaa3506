// The workspace folders the server knows, and the folder a path belongs to (the deepest root above it; documents
// outside every folder go to a folder of their own, `loose`).
import type { Rule } from '../model/rule';
import { Folder } from './folder';
import { isUnder, uriToPath } from './paths';

export class Folders {
  private readonly byRoot = new Map<string, Folder>();
  /** Documents outside every folder. */
  readonly loose: Folder;

  constructor(private readonly rules: readonly Rule[]) {
    this.loose = new Folder('', undefined, rules);
  }

  all(): Folder[] {
    return [...this.byRoot.values()];
  }

  add(uri: string): Folder {
    const root = rootOf(uri);
    let f = this.byRoot.get(root);
    if (!f) this.byRoot.set(root, (f = new Folder(root, uri, this.rules)));
    return f;
  }

  /** Forget a folder; returns its root, or undefined when it was not known. */
  remove(uri: string): string | undefined {
    const root = rootOf(uri);
    return this.byRoot.delete(root) ? root : undefined;
  }

  of(p: string): Folder {
    let best: Folder | undefined;
    for (const f of this.byRoot.values()) if (isUnder(p, f.root) && (!best || f.root.length > best.root.length)) best = f;
    return best ?? this.loose;
  }
}

function rootOf(uri: string): string {
  return uriToPath(uri).replace(/\/+$/, '') || '/';
}
