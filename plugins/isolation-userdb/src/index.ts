import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { UserdbIsolation, type UserdbSettings } from "./userdb-isolation.js";

/** 4 MiB: a passwd of 50,000 accounts is about 3 MiB. */
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

const options = z
  .object({
    /** Size limit, in bytes, of the client's /etc/passwd and of its /etc/group (each). */
    maxFileBytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  })
  .strict();

export default definePlugin<"isolation", UserdbSettings>({
  name: "userdb",
  kind: "isolation",
  apiVersion: PLUGIN_API_VERSION,
  description: "the server's borg in a jail holding the client's tree, with copies of the client's passwd and group: the client's names, no client code",
  options,
  // Issue 14: it reads the client's passwd and tree through the mount.
  requires: { transport: ["mount"] },
  create: (validated) => new UserdbIsolation(validated),
});

export { UserdbIsolation } from "./userdb-isolation.js";
