import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { borgArchiver } from "./borg-archiver.js";
import { borgOptionsSchema, type BorgOptions } from "./options.js";

export { borgArchiver } from "./borg-archiver.js";
export { NEED as BORG_NEEDS } from "./borg-needs.js";
export type { BorgOptions } from "./options.js";

/** `archiver: borg`: BorgBackup 1.2 (see docs/archiver-borg.md). */
export default definePlugin<"archiver", BorgOptions>({
  name: "borg",
  kind: "archiver",
  apiVersion: PLUGIN_API_VERSION,
  description: "BorgBackup 1.2: create, list, extract, export-tar, check, init; passphrase on fd 3",
  options: borgOptionsSchema,
  // Issue 14: borg import-tar.
  provides: ["import-tar"],
  create: (options) => borgArchiver(options),
});
