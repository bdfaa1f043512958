import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { DEFAULT_MEMORY_LIMIT_MIB } from "./memory-cap.js";
import { SshfsTransport, type SshfsOptions } from "./sshfs-transport.js";

const options = z
  .object({
    /** Let sshfs re-establish a dropped connection instead of failing every open file. */
    reconnect: z.boolean().default(true),
    /** Cache directory listings and attributes (sshfs `dir_cache`); borg walks the tree once per run. */
    dirCache: z.boolean().default(true),
    /**
     * Cap on the data memory (RLIMIT_DATA) of the run's sshfs and of its ssh, each, in MiB (issue #10):
     * a client's endless directory listing ends sshfs at the cap instead of eating the server's memory.
     */
    memoryLimitMiB: z.number().int().min(64).default(DEFAULT_MEMORY_LIMIT_MIB),
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
