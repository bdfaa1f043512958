import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { labDown, labUp } from "../src/index.js";
import { sftpBatch } from "./lab-ssh.js";

// docs/lab.md quotes the figure this prints; the goal is 10 hosts in < 10 s.
describe("bringing up ten hosts", () => {
  let dir = "";
  afterAll(async () => {
    if (dir) await labDown({ dir });
  });

  it("takes less than ten seconds, and every host answers", async () => {
    dir = await mkdtemp(join(tmpdir(), "pullbak-lab-timing-"));
    const started = performance.now();
    const lab = await labUp({ dir, count: 10 });
    const upSeconds = (performance.now() - started) / 1000;

    const answers = await Promise.all(lab.hosts.map((host) => sftpBatch(lab, host, "backup", ["ls /etc/hostname"])));
    const downStarted = performance.now();
    await labDown({ dir });
    const downSeconds = (performance.now() - downStarted) / 1000;
    dir = "";
    console.log(`labUp({ count: 10 }): ${upSeconds.toFixed(2)} s; labDown: ${downSeconds.toFixed(2)} s`);

    expect(answers.map((answer) => answer.exitCode)).toEqual(Array(10).fill(0));
    expect(new Set(lab.hosts.map((host) => host.address)).size).toBe(10);
    expect(upSeconds).toBeLessThan(10);
  });
});
