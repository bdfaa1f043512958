import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { ExtractRestorer } from "./extract-restorer.js";

/**
 * extract: the full restore. Mounts the client's `/` read-write and extracts
 * the archive into it with the archived numeric ids.
 */
export default definePlugin({
  name: "extract",
  kind: "restorer",
  apiVersion: PLUGIN_API_VERSION,
  description: "full restore: extracts into the client's mounted / with the archived numeric ids",
  // Issue 14: it extracts into the client's mounted / (restore a tar-stream host with --plugin sshfs --plugin extract).
  requires: { transport: ["mount"] },
  create: () => new ExtractRestorer(),
});
