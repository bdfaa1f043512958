/**
 * What plugins provide to each other, by name (issue 14). A plugin lists the
 * capabilities it gives in its manifest's `provides` and the ones it needs
 * from a plugin of another kind in `requires`; the registry refuses a host
 * whose selected plugins do not fit, before any client is touched. A
 * capability not listed here is still matched, it only lacks the one-line
 * explanation that the refusal quotes.
 */
export const CAPABILITIES: Readonly<Record<string, string>> = {
  // Transports.
  mount: "mounts the client's / on the server (sshfs)",
  "tar-stream": "streams the client's files as one tar stream, mounting nothing",
  "client-commands": "runs a command on the client over ssh (a restore key's forced command)",
  // Isolations.
  "stream-input": "runs the archiver on a stream with no mount of the client",
  // Archivers.
  "import-tar": "creates an archive from a tar stream",
};

/** `name` followed by what it means, for messages: `mount (mounts the client's / on the server (sshfs))`. */
export function describeCapability(name: string): string {
  const meaning = CAPABILITIES[name];
  return meaning ? `${name} (${meaning})` : name;
}
