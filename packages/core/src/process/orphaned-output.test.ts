import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { processAlive } from "../engine/process-alive.js";
import { endOrphanedOutput } from "./orphaned-output.js";

describe("endOrphanedOutput", () => {
  it("a command that exits leaving a child with its output open is waited for no longer than the grace, and the child is gone", async () => {
    // The shell exits at once; its background child keeps stdout and stderr open for 300 s.
    const child = execa("sh", ["-c", "sleep 300 & echo $!"], { detached: true, reject: false, buffer: false });
    let leftover = 0;
    child.stdout?.on("data", (chunk: Buffer) => (leftover = Number(chunk.toString().trim())));
    const started = Date.now();
    const stop = endOrphanedOutput(child, 300);
    await child.finally(stop);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(leftover).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await processAlive(leftover)).toBe(false);
  });
});
