// Docker Engine versions as major.minor, compared numerically ("19.03" < "23.0" < "29.4").

export interface Version {
  major: number;
  minor: number;
}

/** The Docker Engine major that is current when this release of shipshape was made. */
export const CURRENT_DOCKER_VERSION: Version = { major: 29, minor: 0 };

export function parseVersion(s: string | number | undefined | null): Version | undefined {
  if (s === undefined || s === null) return undefined;
  const m = /^\s*v?(\d{1,3})(?:\.(\d{1,3}))?(?:\.\d+)?\s*$/.exec(String(s));
  if (!m) return undefined;
  return { major: Number(m[1]), minor: m[2] ? Number(m[2]) : 0 };
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor;
}

/** Parsed once per string: the same few version strings are asked about for every file. */
const sinceVersions = new Map<string | undefined, Version | undefined>();

/** parseVersion of a version string from the knowledge tables, parsed once per string. */
export function knownVersion(s: string | undefined): Version | undefined {
  let v = sinceVersions.get(s);
  if (v === undefined && !sinceVersions.has(s)) sinceVersions.set(s, (v = parseVersion(s)));
  return v;
}

/** true when `target` is at or after `since` (a "X.Y" string). */
export function atLeast(target: Version, since: string | undefined): boolean {
  const v = knownVersion(since);
  return v !== undefined && compareVersions(target, v) >= 0;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}`;
}
