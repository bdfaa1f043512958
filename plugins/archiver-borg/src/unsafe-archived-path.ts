/**
 * True when an archived path (or a hard link's target) would lead a restore
 * outside its target directory: absolute, or with a `..` component anywhere.
 * borg 1.2's extract refuses only a leading `/` or `../` (Archive.extract_item),
 * and its import-tar keeps `a/../../x` as the stream spells it (issue 14).
 */
export function unsafeArchivedPath(path: string): boolean {
  return path.startsWith("/") || path.split("/").includes("..");
}
