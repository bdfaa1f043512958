import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { type Lab, LabError, labDown, labStatus, labUp } from "../src/index.js";
import { readJournal } from "../src/lab-journal.js";
import { LAB_MARKER_TEXT } from "../src/lab-marker.js";
import { slotNetwork } from "../src/slot-network.js";
import { NOTHING_LEFT, leftoversOf } from "./lab-leftovers.js";

const made: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pullbak-lab-down-"));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  // Whatever a failed test left, take it down so it cannot disturb the others.
  for (const dir of made.splice(0)) await labDown({ dir }).catch(() => {});
});

describe("labDown", () => {
  it("leaves nothing of a running lab", async () => {
    const dir = await freshDir();
    const lab = await labUp({ dir, count: 2 });
    expect((await labStatus({ dir })).map((host) => host.up)).toEqual([true, true]);

    const { removed } = await labDown({ dir });

    expect(removed).toEqual(expect.arrayContaining([`netns ${lab.hosts[0]!.netns}`, `dir ${dir}`]));
    expect(await leftoversOf(dir, lab.hosts)).toEqual(NOTHING_LEFT);
    expect(await labStatus({ dir })).toEqual([]);
    expect((await labDown({ dir })).removed).toEqual([]);
  });

  it("cleans up after a labUp killed with SIGKILL halfway", async () => {
    const dir = await freshDir();
    const entry = new URL("../dist/index.js", import.meta.url).pathname;
    // The up runs in its own process group so the whole command dies at
    // once, as when its terminal is closed or the OOM killer strikes.
    const up = execa("node", ["--input-type=module", "-e", `import { labUp } from ${JSON.stringify(entry)}; await labUp({ dir: process.argv[1], count: 4 });`, dir], {
      detached: true,
      reject: false,
    });
    let entries = await readJournal(join(dir, "lab-journal.jsonl"));
    for (let waited = 0; !entries.some((e) => e.made === "sshd") && waited < 20_000; waited += 5) {
      await sleep(5);
      entries = await readJournal(join(dir, "lab-journal.jsonl"));
    }
    process.kill(-up.pid!, "SIGKILL");
    await up;
    expect(entries.some((e) => e.made === "network")).toBe(true);
    await sleep(200); // let ip or ssh-keygen commands already in flight finish, as they would

    const slots = [...new Set((await readJournal(join(dir, "lab-journal.jsonl"))).map((e) => e.slot))];
    const hosts = slots.map((slot) => ({ netns: slotNetwork(slot).netns, sshdPid: 0 }) as Lab["hosts"][number]);
    await labDown({ dir });
    expect(await leftoversOf(dir, hosts)).toEqual(NOTHING_LEFT);
  });

  it("finds a lab by its slots when the journal and record are gone", async () => {
    const dir = await freshDir();
    const lab = await labUp({ dir, count: 2 });
    await rm(join(dir, "lab-journal.jsonl"));
    await rm(join(dir, "lab.json"));

    await labDown({ dir });
    expect(await leftoversOf(dir, lab.hosts)).toEqual(NOTHING_LEFT);
  });

  it("sweeps a lab whose whole dir was deleted under it", async () => {
    const dir = await freshDir();
    const lab = await labUp({ dir, count: 1 });
    await execa("rm", ["-rf", "--one-file-system", "--", dir]);

    await labDown({ dir });
    expect(await leftoversOf(dir, lab.hosts)).toEqual(NOTHING_LEFT);
  });

  it("unmounts what was left mounted inside the lab dir", async () => {
    const dir = await freshDir();
    const lab = await labUp({ dir, count: 1 });
    const mountPoint = join(dir, "state/mnt/lab1");
    await mkdir(mountPoint, { recursive: true });
    await execa("mount", ["-t", "tmpfs", "pullbak-lab-test", mountPoint]);

    const { removed } = await labDown({ dir });
    expect(removed).toContain(`mount ${mountPoint}`);
    expect(await leftoversOf(dir, lab.hosts)).toEqual(NOTHING_LEFT);
  });

  it("never deletes files it did not make in a dir that is not a lab", async () => {
    const dir = await freshDir();
    await writeFile(join(dir, "precious.txt"), "mine\n");
    await expect(labUp({ dir })).rejects.toMatchObject({ code: "LAB_DIR_IN_USE" });
    await expect(labDown({ dir })).rejects.toMatchObject({ code: "LAB_NOT_A_LAB" });
    expect(await readFile(join(dir, "precious.txt"), "utf8")).toBe("mine\n");
    await rm(dir, { recursive: true });
  });
});

describe("labUp failing halfway", () => {
  it("takes down what it made when one host fails to come up", async () => {
    const dir = await freshDir();
    // A lab dir (marker) where lab1's root cannot be made: its parent is a file.
    await writeFile(join(dir, ".pullbak-lab"), LAB_MARKER_TEXT);
    await mkdir(join(dir, "hosts"));
    await writeFile(join(dir, "hosts/lab1"), "in the way\n");

    const failure = await labUp({ dir, count: 3 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "ENOTDIR" });
    // No slot, process, mount or file of the lab is left (its netns names died with their slots).
    expect(await leftoversOf(dir, [])).toEqual(NOTHING_LEFT);
  });
});

describe("labUp on a dir that holds a lab", () => {
  it("returns the running lab, and refuses a different host count", async () => {
    const dir = await freshDir();
    const first = await labUp({ dir, count: 1 });
    expect(await labUp({ dir })).toEqual(first);
    const refused = await labUp({ dir, count: 2 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LabError);
    expect(refused).toMatchObject({ code: "LAB_EXISTS" });
    await labDown({ dir });
  });
});
