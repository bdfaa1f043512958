import { definePlugin, isPullbakError, PluginRegistry, type PullbakConfig } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { runArguments } from "./run-arguments.js";
import type { Loaded } from "./session.js";

const plugin = (name: string, kind: "transport" | "isolation" | "archiver" | "restorer") =>
  definePlugin({ name, kind, apiVersion: 1, description: name, create: () => ({}) as never });

function loaded(): Loaded {
  const registry = new PluginRegistry();
  for (const p of [plugin("sshfs", "transport"), plugin("chroot", "isolation"), plugin("borg", "archiver"), plugin("extract", "restorer"), plugin("tar-restore", "restorer")]) registry.add(p, "built-in");
  const config = { hosts: { web1: { address: "192.0.2.1" }, web2: { address: "192.0.2.2" } } } as unknown as PullbakConfig;
  return { config, file: "/etc/pullbak/pullbak.yaml", registry } as unknown as Loaded;
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return isPullbakError(error) ? error.code : String(error);
  }
  return undefined;
}

describe("run's arguments", () => {
  it("takes every positional as a host for a backup, and checks them all first", () => {
    expect(runArguments(loaded(), ["web1", "web2"], { all: false, overrides: [] })).toEqual({ hosts: ["web1", "web2"] });
    expect(codeOf(() => runArguments(loaded(), ["web1", "nosuchhost"], { all: false, overrides: [] }))).toBe("UNKNOWN_HOST");
    expect(codeOf(() => runArguments(loaded(), ["web1"], { all: false, overrides: ["nosuchplugin"] }))).toBe("UNKNOWN_PLUGIN");
  });

  it("takes HOST then PATHs for a run-as-restore, as restore does", () => {
    expect(runArguments(loaded(), ["web1", "/home/alice/notes.txt"], { all: false, overrides: ["tar-restore"], archive: "a1" })).toEqual({
      hosts: ["web1"],
      restore: { archive: "a1", paths: ["/home/alice/notes.txt"], allowClientLinks: false },
    });
    expect(codeOf(() => runArguments(loaded(), ["web1", "home/alice"], { all: false, overrides: ["extract"], archive: "a1" }))).toBe("USAGE");
    expect(codeOf(() => runArguments(loaded(), ["web1"], { all: false, overrides: ["extract"] }))).toBe("USAGE");
  });

  it("with --all, names every host; a restore's positionals are then paths, a backup takes none", () => {
    expect(runArguments(loaded(), ["/etc"], { all: true, overrides: ["extract"], archive: "latest" })).toEqual({
      hosts: ["web1", "web2"],
      restore: { archive: "latest", paths: ["/etc"], allowClientLinks: false },
    });
    expect(codeOf(() => runArguments(loaded(), ["web1"], { all: true, overrides: [] }))).toBe("USAGE");
    expect(codeOf(() => runArguments(loaded(), [], { all: false, overrides: [] }))).toBe("USAGE");
  });
});
