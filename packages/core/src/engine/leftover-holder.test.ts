import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import type { CommandRunner } from "../contracts/command.js";
import type { ResolvedHost } from "../config/resolve-host.js";
import { writeFileAtomically } from "../files/regular-file.js";
import { createJob } from "./create-job.js";
import { cleanupLeftovers } from "./leftovers.js";
import { MountJournal } from "./mount-journal.js";
import { processAlive } from "./process-alive.js";
import { processStartTime } from "./process-identity.js";

const runner: CommandRunner = {
  dryRun: false,
  run: async () => ({ exitCode: 0, stdout: "", stderr: "", canceled: false }),
  pipe: async () => {
    throw new Error("no pipes here");
  },
  note: () => {},
};

async function deadPid(): Promise<number> {
  return Number((await execa("sh", ["-c", "echo $$"])).stdout);
}

/** A journal written by a killed pullbak (dead pid) whose namespace holder (here a sleep) lives on. */
async function leftover(dead: number, holderStart?: string) {
  const stateDir = await mkdtemp(join(tmpdir(), "pullbak-holder-"));
  const holder = spawn("sleep", ["60"], { stdio: "ignore", detached: true });
  await sleep(100);
  const pid = holder.pid!;
  const journal = MountJournal.forHost(stateDir, "web1");
  await journal.add("/state/hosts/web1/client", "sshfs", { pid, startTime: holderStart ?? processStartTime(pid)! });
  // As if written by another pullbak, now gone.
  const entries = (await journal.entries()).map((entry) => ({ ...entry, pid: dead }));
  await writeFileAtomically(join(stateDir, "journal", "web1.json"), JSON.stringify(entries));
  const host = { name: "web1", stateDir, repository: {} } as unknown as ResolvedHost;
  const job = createJob({ host, commands: runner, log: { info() {}, warn() {}, debug() {}, progress() {} }, signal: new AbortController().signal });
  return { job, pid, journal, holder };
}
describe("a killed run's namespace holder that outlived it (issue #10)", () => {
  it("is ended by cleanup, which says so, and its journal entry goes", async () => {
    const dead = await deadPid();
    const { job, pid, journal } = await leftover(dead);
    const lines = await cleanupLeftovers(job);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^ended pid ${pid}, which still held the leftover sshfs mount /state/hosts/web1/client of pid ${dead} \\(`))]);
    for (let i = 0; i < 50 && processAlive(pid); i++) await sleep(20);
    expect(processAlive(pid)).toBe(false);
    expect(await journal.entries()).toEqual([]);
  });

  it("a pid now belonging to another process (start time differs) is left alone", async () => {
    const { job, pid, journal, holder } = await leftover(await deadPid(), "1");
    try {
      expect(await cleanupLeftovers(job)).toEqual([]);
      expect(processAlive(pid)).toBe(true);
      expect(await journal.entries()).toEqual([]);
    } finally {
      holder.kill("SIGKILL");
    }
  });
});
