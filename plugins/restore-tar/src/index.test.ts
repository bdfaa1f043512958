import { describe, expect, it } from "vitest";
import plugin from "./index.js";

describe("the tar-restore plugin", () => {
  it("is a restorer named tar-restore that works with any archiver", () => {
    expect(plugin).toMatchObject({ name: "tar-restore", kind: "restorer" });
    // Any archiver; a transport that runs commands on the client (issue 14).
    expect(plugin.requires).toEqual({ transport: ["client-commands"] });
  });
});
