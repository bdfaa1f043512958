import { describe, expect, it } from "vitest";
import plugin from "./index.js";

describe("the chroot plugin's options", () => {
  it("defaults to the client's borg, CAP_DAC_OVERRIDE only, no network, no proc", () => {
    expect(plugin.options!.safeParse({})).toEqual({ success: true, data: { borg: "borg", capabilities: ["dac_override"], restoreCapabilities: ["dac_override", "chown", "fowner", "fsetid"], isolateNetwork: true, proc: false, scratch: 64 * 1024 * 1024 } });
  });

  it("accepts capsh-style names and refuses capabilities that reach out of the chroot", () => {
    expect(plugin.options!.safeParse({ capabilities: ["CAP_CHOWN", "fowner"] })).toMatchObject({ data: { capabilities: ["chown", "fowner"] } });
    for (const capability of ["sys_admin", "cap_sys_chroot", "dac_read_search", "sys_ptrace"]) {
      expect(plugin.options!.safeParse({ capabilities: [capability] }).success).toBe(false);
    }
  });

  it("refuses a borg that would be read as an option", () => {
    expect(plugin.options!.safeParse({ borg: "--help" }).success).toBe(false);
  });
});
