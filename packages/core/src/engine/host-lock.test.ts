import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { lockHost } from "./host-lock.js";

const stateDir = () => mkdtemp(join(tmpdir(), "pullbak-lock-"));

describe("the host lock", () => {
  it("refuses a second run of the same host, naming the holder's pid and start time", async () => {
    const dir = await stateDir();
    const release = await lockHost(dir, "web1");
    await expect(lockHost(dir, "web1")).rejects.toThrow(new RegExp(`host web1: another pullbak run holds .*web1\\.lock \\(pid ${process.pid}, since \\d{4}-`));
    await release();
  });

  it("does not block runs of other hosts", async () => {
    const dir = await stateDir();
    const web1 = await lockHost(dir, "web1");
    const db1 = await lockHost(dir, "db1");
    await Promise.all([web1(), db1()]);
  });

  it("waits up to lockWait for the holder to finish", async () => {
    const dir = await stateDir();
    const release = await lockHost(dir, "web1");
    setTimeout(() => void release(), 300);
    const started = Date.now();
    const second = await lockHost(dir, "web1", 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await second();
  });

  it("takes over the lock of a run that was killed", async () => {
    const dir = await stateDir();
    const { pid } = await execa("sh", ["-c", "echo $$"]).then((r) => ({ pid: Number(r.stdout) }));
    await lockHost(dir, "web1").then((release) => release());
    await writeFile(join(dir, "locks", "web1.lock"), JSON.stringify({ pid, since: "2026-01-01T00:00:00Z" }));
    const release = await lockHost(dir, "web1");
    await release();
  });
});
