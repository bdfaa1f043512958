import { describe, expect, it } from "vitest";
import { PullbakError } from "../errors.js";
import { definePlugin } from "./manifest.js";
import { PluginRegistry } from "./registry.js";

const plugin = (name: string, kind: "transport" | "restorer") =>
  definePlugin({ name, kind, apiVersion: 1, description: name, create: () => ({}) as never });

function registry(): PluginRegistry {
  const r = new PluginRegistry();
  for (const p of [plugin("sshfs", "transport"), plugin("rsync", "transport"), plugin("tar-restore", "restorer")]) r.add(p, "built-in");
  return r;
}

describe("plugin registry", () => {
  it("an unknown name lists the known plugins of that kind", () => {
    const error = (() => {
      try {
        registry().get("transport", "sftpx", "hosts.web1.transport");
      } catch (e) {
        return e as PullbakError;
      }
    })();
    expect(error?.code).toBe("UNKNOWN_PLUGIN");
    expect(error?.message).toBe('hosts.web1.transport: unknown transport plugin "sftpx"; known transport plugins: sshfs, rsync');
  });

  it("says when a name exists but is of another kind", () => {
    expect(() => registry().get("transport", "tar-restore")).toThrow(/"tar-restore" is a restorer plugin/);
  });

  it("refuses two plugins with one name", () => {
    const r = registry();
    expect(() => r.add(plugin("sshfs", "transport"), "pullbak-plugin-x")).toThrow(/clashes with the one from built-in/);
  });
});
