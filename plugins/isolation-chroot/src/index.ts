import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { capabilityName, DEFAULT_CAPABILITIES, DEFAULT_RESTORE_CAPABILITIES } from "./capabilities.js";
import { ChrootIsolation } from "./chroot-isolation.js";
import type { ChrootRunnerSettings } from "./chroot-runner.js";

const options = z
  .object({
    /**
     * The borg run inside the chroot: the CLIENT's binary, found in the
     * client's PATH unless given as an absolute client path.
     */
    borg: z.string().min(1).regex(/^[^-\s][^\s]*$/, "expected a program name or absolute path").default("borg"),
    /** Capabilities a backup keeps inside the chroot; see docs/isolation.md. */
    capabilities: z.array(capabilityName).default([...DEFAULT_CAPABILITIES]),
    /** Capabilities a restore (writes through to the client) keeps inside the chroot. */
    restoreCapabilities: z.array(capabilityName).default([...DEFAULT_RESTORE_CAPABILITIES]),
    /** Give the command a network namespace of its own (no interfaces): a local repository needs none. */
    isolateNetwork: z.boolean().default(true),
    /** Mount a proc (process directories only) at /proc; borg does not need it. */
    proc: z.boolean().default(false),
  })
  .strict();

export default definePlugin<"isolation", ChrootRunnerSettings>({
  name: "chroot",
  kind: "isolation",
  apiVersion: PLUGIN_API_VERSION,
  description: "runs the archiver chrooted into a server-side overlay of the client's / (client names, nothing written to the client)",
  options,
  // Issue 14: it chroots into the client's mounted tree; a transport that mounts nothing leaves it nothing to enter.
  requires: { transport: ["mount"] },
  create: (validated) => new ChrootIsolation(validated),
});

export { ChrootIsolation } from "./chroot-isolation.js";
export { ChrootRunner, ENTER_CHROOT_SCRIPT } from "./chroot-runner.js";
