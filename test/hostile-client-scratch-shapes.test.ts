/**
 * Hostile CODE that tries to get past the chroot's scratch cap (issue #10,
 * quota; breaker3) in every shape but plain writes: inodes, hard links,
 * user xattrs, long symlinks, a sparse file, posix_fallocate, a FIFO and a
 * socket, a shared mmap (test/fixtures/hostile-code/scratch-shapes-usercustomize.py,
 * loaded by the client's own borg). Each stops at the run's tmpfs (ENOSPC,
 * or SIGBUS for the mmap), the server's disk gets none of it, and the backup
 * then completes, leaving nothing.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { CLEAN, morningAfter, type CliResult, type Scenario } from "./support/faults.js";
import { scratchAttack } from "./support/scratch-attack.js";

const env = useLab(1);
const CODE = new URL("./fixtures/hostile-code/scratch-shapes-usercustomize.py", import.meta.url);
/** The cap set for the test: 8 MiB, so 2048 inodes (enter-chroot.sh: BYTES / 4096). */
const SCRATCH = 8 * 1024 * 1024;
const INODES = SCRATCH / 4096;
const ENOSPC = "No space left on device";

type Count = [number, string];
interface ShapesReport {
  files: Count;
  links: Count;
  xattrs: Count;
  symlinks: Count;
  sparse: Count;
  fallocate: string;
  mmap: string;
  size: number;
}

let host: LabHost;
let s: Scenario;
let run: CliResult;
let report: ShapesReport;
/** The host's state dir (but the client's mount) while the run wrote, polled: the most it held. */
let stateDirPeak = 0;

beforeAll(async () => {
  host = env.lab.hosts[0]!;
  ({ s, run, stateDirPeak } = await scratchAttack(env.lab, host, "hostile-scratch-shapes", SCRATCH, CODE, "shapes"));
  report = JSON.parse(await readFile(join(s.stateDir, "hosts", host.name, "client-code", "borg-cache", "shapes-report.json"), "utf8")) as ShapesReport;
  console.info(`scratch shapes: ${JSON.stringify(report)}`);
}, 180_000);

describe("hostile code filling the chroot's scratch in other shapes than writes (isolation chroot)", () => {
  it("inodes, hard links and long symlinks stop at the tmpfs's inodes (ENOSPC)", () => {
    expect(report.size).toBe(SCRATCH);
    for (const shape of ["files", "links", "symlinks"] as const) {
      expect(report[shape][1], shape).toBe(ENOSPC);
      expect(report[shape][0], shape).toBeLessThan(INODES);
    }
  });

  it("user xattrs stop at the tmpfs's inode space, far below the cap; fallocate past the cap fails; a sparse 1 TiB file holds a page; a shared mmap past the cap gets SIGBUS", () => {
    expect(report.xattrs[1]).toBe(ENOSPC);
    expect(report.xattrs[0] * 60000).toBeLessThan(SCRATCH);
    expect(report.fallocate).toBe(ENOSPC);
    expect(report.sparse[0]).toBeLessThanOrEqual(64 * 1024);
    expect(report.mmap).toBe("signal 7");
  });

  it("the server's disk got none of it, and the backup then completes, leaving nothing", async () => {
    expect(stateDirPeak).toBeLessThan(SCRATCH);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await morningAfter(s, host, "shapes")).toEqual(CLEAN);
  });
});
