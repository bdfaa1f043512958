import { lstat, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordOutcome, writeRunRecord } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { writeFileAtomically } from "./atomic-text-file.js";
import { fleetBackups } from "./fleet-records.js";

describe("the textfile and the records it is made from", () => {
  it("replaces a link planted at the file's name instead of writing through it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pullbak-prom-"));
    const victim = join(dir, "victim");
    await writeFile(victim, "precious\n");
    await symlink(victim, join(dir, "pullbak.prom"));
    await writeFileAtomically(join(dir, "pullbak.prom"), "# metrics\n");
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    const stat = await lstat(join(dir, "pullbak.prom"));
    expect(stat.isFile()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o644);
    expect((await readdir(dir)).sort()).toEqual(["pullbak.prom", "victim"]);
  });

  it("reads each host's newest backup and newest success, and skips a host dir that is a link", async () => {
    const state = await mkdtemp(join(tmpdir(), "pullbak-prom-state-"));
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 29, 2, minutes));
    await writeRunRecord(join(state, "hosts", "web1"), recordOutcome({ host: "web1", action: "backup", start: at(0), end: at(1), stats: { files: 1, originalBytes: 10, deduplicatedBytes: 1 } }));
    await writeRunRecord(join(state, "hosts", "web1"), recordOutcome({ host: "web1", action: "backup", start: at(5), end: at(6), error: new Error("gone") }));
    await writeRunRecord(join(state, "hosts", "web1"), recordOutcome({ host: "web1", action: "restore", start: at(7), end: at(8) }));
    await mkdir(join(state, "elsewhere"));
    await writeRunRecord(join(state, "elsewhere"), recordOutcome({ host: "planted", action: "backup", start: at(0) }));
    await symlink(join(state, "elsewhere"), join(state, "hosts", "planted"));
    const hosts = await fleetBackups(state);
    expect(hosts.map((h) => h.host)).toEqual(["web1"]);
    expect(hosts[0]!.last.result).toBe("failed");
    expect(hosts[0]!.lastSuccess?.end).toBe(at(1).toISOString());
    expect(hosts[0]!.lastStats?.stats?.originalBytes).toBe(10);
  });
});
