import { describe, expect, it } from "vitest";
import { checkRequirements } from "./host-container.js";
import { definePlugin, type PluginKind, type PluginManifest } from "./manifest.js";

const plugin = (name: string, kind: PluginKind, extra: Partial<PluginManifest> = {}) =>
  definePlugin({ name, kind, apiVersion: 1, description: name, create: () => ({}) as never, ...extra }) as PluginManifest;

const sshfs = plugin("sshfs", "transport", { provides: ["mount", "client-commands"] });
const tarStream = plugin("tar-stream", "transport", { provides: ["tar-stream", "client-commands"], requires: { archiver: ["import-tar"], isolation: ["stream-input"] } });
const chroot = plugin("chroot", "isolation", { requires: { transport: ["mount"] } });
const none = plugin("none", "isolation", { provides: ["stream-input"] });
const borg = plugin("borg", "archiver", { provides: ["import-tar"] });
const extract = plugin("extract", "restorer", { requires: { transport: ["mount"] } });
const tarRestore = plugin("tar-restore", "restorer", { requires: { transport: ["client-commands"] } });

describe("plugin requirements (issue 14)", () => {
  it("accepts plugins that provide what the others require, by capability or by name", () => {
    expect(() => checkRequirements({ transport: sshfs, isolation: chroot, archiver: borg, restorer: extract }, "web1")).not.toThrow();
    expect(() => checkRequirements({ transport: tarStream, isolation: none, archiver: borg, restorer: tarRestore }, "web1")).not.toThrow();
    const byName = plugin("chroot-extract", "restorer", { requires: { isolation: ["chroot"] } });
    expect(() => checkRequirements({ transport: sshfs, isolation: chroot, archiver: borg, restorer: byName }, "web1")).not.toThrow();
  });

  it("refuses tar-stream with chroot in one line naming both and why", () => {
    expect(() => checkRequirements({ transport: tarStream, isolation: chroot, archiver: borg, restorer: tarRestore }, "web1")).toThrow(
      "host web1: transport tar-stream needs an isolation that is or provides stream-input (runs the archiver on a stream with no mount of the client), but isolation chroot is selected (it provides nothing of that)",
    );
  });

  it("refuses a restorer that needs a mount with a transport that has none", () => {
    expect(() => checkRequirements({ transport: tarStream, isolation: none, archiver: borg, restorer: extract }, "web1")).toThrow(
      /restorer extract needs a transport that is or provides mount .*, but transport tar-stream is selected \(it provides tar-stream, client-commands\)/,
    );
  });
});
