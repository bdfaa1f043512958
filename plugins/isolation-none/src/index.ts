import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { NoneIsolation, type NoneSettings } from "./none-isolation.js";

const options = z
  .object({
    /** Name or path of the server's borg, recognised to add --numeric-ids. */
    borg: z.string().min(1).default("borg"),
  })
  .strict();

export default definePlugin<"isolation", NoneSettings>({
  name: "none",
  kind: "isolation",
  apiVersion: PLUGIN_API_VERSION,
  description: "the server's borg in a jail holding the client's tree (no client code runs); stores numeric owner ids only (a tar stream's own names are kept)",
  options,
  // Issue 14: it runs the server's borg on a tar stream as well as on a mount.
  provides: ["stream-input"],
  create: (validated) => new NoneIsolation(validated),
});

export { NoneIsolation, NoneRunner } from "./none-isolation.js";
