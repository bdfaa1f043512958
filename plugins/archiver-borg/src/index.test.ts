import { PLUGIN_API_VERSION } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";

describe("the borg plugin manifest", () => {
  it("is an archiver named borg for this plugin API", () => {
    expect(plugin).toMatchObject({ name: "borg", kind: "archiver", apiVersion: PLUGIN_API_VERSION });
    const archiver = plugin.create({ oneFileSystem: true });
    for (const method of ["needs", "init", "create", "list", "extract", "exportTar", "check"] as const) {
      expect(typeof archiver[method]).toBe("function");
    }
  });

  it("fills option defaults and refuses what borg would not take", () => {
    expect(plugin.options?.safeParse({})).toMatchObject({ success: true, data: { oneFileSystem: true } });
    expect(plugin.options?.safeParse({ compression: "zstd,3", oneFileSystem: false })).toMatchObject({ success: true, data: { compression: "zstd,3", oneFileSystem: false } });
    expect(plugin.options?.safeParse({ compression: "zstd --bogus" }).success).toBe(false);
    expect(plugin.options?.safeParse({ numericIds: true }).success).toBe(false);
  });
});
