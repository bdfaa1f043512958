import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { probeMount } from "./mount-probe.js";

describe("probing a mount", () => {
  it("answers for a file system that answers", async () => {
    expect(await probeMount(await mkdtemp(join(tmpdir(), "pullbak-probe-")), 5000)).toEqual({ ok: true });
  });

  it("gives the system's reason when it fails", async () => {
    expect(await probeMount("/nonexistent/pullbak-probe", 5000)).toEqual({ ok: false, timedOut: false, why: "No such file or directory" });
  });
});
