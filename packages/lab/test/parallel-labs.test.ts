import { mkdtemp, rmdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { labDown, labStatus } from "../src/index.js";
import { loadLabRecord } from "../src/lab-record.js";
import { labPaths } from "../src/lab-paths.js";
import { sftpBatch } from "./lab-ssh.js";

// vitest runs test files in parallel processes, each with its own labs, and
// any of them may run labDown (which sweeps abandoned slots) at any time.
describe("labs brought up by parallel processes", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await labDown({ dir });
  });

  it("get disjoint slots and survive another lab's sweep", async () => {
    for (let i = 0; i < 3; i++) dirs.push(await mkdtemp(join(tmpdir(), "pullbak-lab-parallel-")));
    const entry = new URL("../dist/index.js", import.meta.url).pathname;
    const ups = dirs.map((dir) =>
      execa("node", ["--input-type=module", "-e", `import { labUp } from ${JSON.stringify(entry)}; await labUp({ dir: process.argv[1], count: 3 });`, dir]),
    );
    // Meanwhile an unrelated labDown sweeps, again and again.
    // A lab dir that is gone (labDown refuses an existing dir without lab up's marker).
    const sweeper = await mkdtemp(join(tmpdir(), "pullbak-lab-sweeper-"));
    await rmdir(sweeper);
    let upsDone = false;
    const sweeping = (async () => {
      while (!upsDone) await labDown({ dir: sweeper });
    })();
    await Promise.all(ups).finally(() => (upsDone = true));
    await sweeping;

    const labs = await Promise.all(dirs.map(async (dir) => (await loadLabRecord(labPaths(dir)))!));
    const addresses = labs.flatMap((lab) => lab.hosts.map((host) => host.address));
    expect(new Set(addresses).size).toBe(9);
    for (const dir of dirs) expect((await labStatus({ dir })).every((host) => host.up)).toBe(true);
    const answers = await Promise.all(labs.flatMap((lab) => lab.hosts.map((host) => sftpBatch(lab, host, "backup", ["ls /srv/data"]))));
    expect(answers.map((answer) => answer.exitCode)).toEqual(Array(9).fill(0));
  });
});
