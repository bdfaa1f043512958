import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { ChrootExtractRestorer } from "./chroot-extract-restorer.js";

/**
 * chroot-extract: the partial restore. Extracts the asked paths inside the
 * chroot into the client's `/`, so names map to the client's current ids.
 * It needs the chroot isolation: under another isolation the names would
 * map to the server's ids without a word.
 */
export default definePlugin({
  name: "chroot-extract",
  kind: "restorer",
  apiVersion: PLUGIN_API_VERSION,
  description: "partial restore: extracts paths inside the chroot, mapping names to the client's ids",
  requires: { isolation: ["chroot"], transport: ["mount"] },
  create: () => new ChrootExtractRestorer(),
});
