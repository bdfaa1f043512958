import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { SshfsTransport, type SshfsOptions } from "./sshfs-transport.js";

const options = z
  .object({
    /** Let sshfs re-establish a dropped connection instead of failing every open file. */
    reconnect: z.boolean().default(true),
    /** Cache directory listings and attributes (sshfs `dir_cache`); borg walks the tree once per run. */
    dirCache: z.boolean().default(true),
  })
  .strict();

export default definePlugin<"transport", SshfsOptions>({
  name: "sshfs",
  kind: "transport",
  apiVersion: PLUGIN_API_VERSION,
  description: "mounts the client's / over SSHFS (key-only, pinned host key) and runs ssh commands on it",
  options,
  provides: ["mount", "client-commands"],
  create: (validated) => new SshfsTransport(validated),
});

export { SshfsTransport, clientMountPoint } from "./sshfs-transport.js";
export { sshfsArgv } from "./sshfs-argv.js";
export { parseSshfsHelp } from "./sshfs-features.js";
export { sftpQuote } from "./sftp-quote.js";
