/** A `{now}` stamp as archive-name.ts writes it (`2026-11-23T01:05:35Z`), as a borg shell pattern. */
const NOW_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z";

/** Wraps borg's pattern characters in brackets, as `borg help patterns` says, so they match only themselves. */
function literal(text: string): string {
  return text.replace(/[*?[]/g, (c) => `[${c}]`);
}

/**
 * The `--glob-archives` pattern that matches exactly the names a host's
 * archive template produces: its fixed parts literally, `{now}` as the UTC
 * stamp pullbak writes. A hand-made archive, another host's, one named with
 * `run --archive NAME`, and one pullbak set aside as `NAME.incomplete.checkpoint`
 * do not match. borg prune adds its own `.checkpoint(.N)` suffix to the
 * pattern, so borg's checkpoints of this host's interrupted runs are still
 * in scope (see docs/upkeep.md).
 */
export function archiveGlob(template: string, host: string): string {
  return template
    .split("{now}")
    .map((part) => literal(part.replaceAll("{host}", host)))
    .join(NOW_GLOB);
}
