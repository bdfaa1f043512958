/**
 * Hostile CODE that tries to fill the backup server's disk (issue #10,
 * quota): a `usercustomize.py` in the client's /root/.local, loaded by the
 * client's own borg inside the chroot, writes far more than the chroot's
 * scratch cap into / and /tmp. The writes land on the run's own tmpfs (the
 * overlay's upper layer), fail with ENOSPC at the cap, never reach the
 * server's disk, and go with the run; the backup itself goes on.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, CLEAN, morningAfter, type CliResult, type Scenario } from "./support/faults.js";
import { scratchAttack } from "./support/scratch-attack.js";

const env = useLab(1);
const SCRATCH_USERCUSTOMIZE = new URL("./fixtures/hostile-code/scratch-usercustomize.py", import.meta.url);
/** The cap set for the test: 8 MiB, against 64 MiB the code tries to write in each of / and /tmp. */
const SCRATCH = 8 * 1024 * 1024;

interface ScratchReport {
  "/": { written: number; stopped: string };
  "/tmp": { written: number; stopped: string };
  size: number;
}

let host: LabHost;
let s: Scenario;
let run: CliResult;
/** The server's disk under the host's state dir while the run wrote, polled: the most it held. */
let stateDirPeak = 0;

beforeAll(async () => {
  host = env.lab.hosts[0]!;
  ({ s, run, stateDirPeak } = await scratchAttack(env.lab, host, "hostile-scratch", SCRATCH, SCRATCH_USERCUSTOMIZE, "filled"));
}, 180_000);

describe("hostile code filling the chroot's scratch space (isolation chroot)", () => {
  it("its writes to / and /tmp fail with ENOSPC at the cap: they went to the run's capped tmpfs", async () => {
    const report = JSON.parse(await readFile(join(s.stateDir, "hosts", host.name, "client-code", "borg-cache", "scratch-report.json"), "utf8")) as ScratchReport;
    expect(report.size).toBe(SCRATCH);
    expect(report["/"].stopped).toBe("No space left on device");
    expect(report["/"].written).toBeLessThanOrEqual(SCRATCH);
    expect(report["/tmp"]).toEqual({ written: 0, stopped: "No space left on device" });
  });

  it("the server's disk got nothing of it: the state dir never grew by the cap", () => {
    // 64 MiB tried; the state dir (borg's cache, the client code's dirs) stays far below the cap.
    expect(stateDirPeak).toBeLessThan(SCRATCH);
  });

  it("the backup itself goes on: exit 0, the archive is there, nothing of the run is left", async () => {
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await archivesWithCheckpoints(s, host)).toEqual(["filled"]);
    expect(await morningAfter(s, host, "filled")).toEqual(CLEAN);
    const overlay = join(s.stateDir, "hosts", host.name, "overlay");
    for (const dir of ["upper", "work"]) expect(await readdir(join(overlay, dir)).catch(() => [])).toEqual([]);
  });
});
