/**
 * What the client runs for a tar-restore. The `tar` key's forced command in
 * the client's authorized_keys must be exactly this (sshd then ignores what
 * the server asks for). The server asks for the same argv anyway, so a key
 * installed without its `command=` still runs tar and never a shell reading
 * the tar stream as commands.
 *
 * Names win over numbers (no --numeric-owner): files get the client's current
 * ids for the user and group names recorded in the archive.
 */
export const CLIENT_TAR_ARGV = ["tar", "--extract", "--preserve-permissions", "--same-owner", "--directory=/", "--file=-"] as const;

export const CLIENT_TAR_COMMAND = CLIENT_TAR_ARGV.join(" ");
