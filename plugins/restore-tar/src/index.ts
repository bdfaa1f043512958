import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { TarRestorer } from "./tar-restorer.js";

/**
 * tar-restore: `borg export-tar` on the server streamed into `tar -x` on the
 * client over ssh. No mount at all, so it also restores a client whose sftp
 * is broken; it is lossy where tar is (no ACLs/xattrs from borg 1.2's GNU tar).
 */
export default definePlugin({
  name: "tar-restore",
  kind: "restorer",
  apiVersion: PLUGIN_API_VERSION,
  description: "streams borg export-tar into tar -x on the client over ssh (no mount)",
  // Issue 14: it runs the client's tar -x over ssh, which every transport here offers.
  requires: { transport: ["client-commands"] },
  create: () => new TarRestorer(),
});
