import { definePlugin, PLUGIN_API_VERSION, sizeSchema } from "@pullbak/core";
import { z } from "zod";
import { capabilityName, DEFAULT_CAPABILITIES, DEFAULT_RESTORE_CAPABILITIES } from "./capabilities.js";
import { ChrootIsolation } from "./chroot-isolation.js";
import type { ChrootRunnerSettings } from "./chroot-runner.js";

/** 64 MiB: what a backup legitimately writes there is a few KiB (docs/isolation.md, "Scratch space"). */
const DEFAULT_SCRATCH = 64 * 1024 * 1024;

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
    // issue #10 (quota): the client's code must not fill the server's disk.
    /**
     * What the client's code may write server-side per command (the
     * overlay's upper layer, or a restore's tmp dir): a tmpfs of this size
     * (bytes, or "64M") in the command's own mount namespace; 0 puts it on
     * the server's disk, uncapped. See docs/isolation.md for the default.
     */
    scratch: sizeSchema.default(DEFAULT_SCRATCH),
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
