import { describe, expect, it } from "vitest";
import type { ArchiveEntry } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import type { FreeSpace, Transport } from "../contracts/transport.js";
import { assertRoomOnClient, bytesToWrite } from "./room-on-client.js";

const file = (path: string, size: number): ArchiveEntry => ({ path, mode: "-rw-r--r--", user: "root", group: "root", uid: 0, gid: 0, size, mtime: "" });
const dir = (path: string): ArchiveEntry => ({ ...file(path, 4096), mode: "drwxr-xr-x" });
const MiB = 1024 * 1024;

function fakeJob(): { job: Job; warnings: string[] } {
  const warnings: string[] = [];
  const log = { info() {}, debug() {}, progress() {}, warn: (line: string) => warnings.push(line) };
  return { job: { host: { name: "web1" }, log, commands: { dryRun: false } } as unknown as Job, warnings };
}

function transportWith(spaces: (paths: readonly string[]) => FreeSpace[]): Transport {
  return { open: async () => ({ freeSpace: async (paths) => spaces(paths) }) };
}

const entries = [dir("srv"), dir("srv/data"), file("srv/data/sparse.img", 64 * MiB), file("srv/data/a.txt", 1000), file("home/carol/x", 5000)];

describe("the client's free space before a restore (issue 15)", () => {
  it("counts the apparent size of regular files under each asked path", () => {
    expect(bytesToWrite(entries, ["/srv/data", "/home/carol"])).toEqual(new Map([["/srv/data", 64 * MiB + 1000], ["/home/carol", 5000]]));
    expect(bytesToWrite(entries, ["/"])).toEqual(new Map([["/", 64 * MiB + 6000]]));
  });

  it("refuses what does not fit, naming bytes and a readable size; adds up paths on one filesystem", async () => {
    const { job } = fakeJob();
    const small = transportWith((paths) => paths.map((path) => ({ path, measuredAt: "/srv", sizeBytes: 8 * MiB, availableBytes: 8 * MiB, filesystem: "a" })));
    const error = await assertRoomOnClient(job, small, "a1", entries, ["/srv/data"], false).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CLIENT_SPACE" });
    expect((error as Error).message).toContain("would write 67109864 bytes (67.1 MB) on the client's filesystem at /srv, which has 8388608 bytes (8.4 MB) free; nothing was restored");
    const exact = transportWith((paths) => paths.map((path) => ({ path, measuredAt: "/", sizeBytes: 1000 * MiB, availableBytes: 64 * MiB + 5999, filesystem: "a" })));
    await expect(assertRoomOnClient(job, exact, "a1", entries, ["/srv/data", "/home/carol"], false)).rejects.toMatchObject({ code: "CLIENT_SPACE" });
  });

  it("warns within 5% of full, passes with room, and skips the check when told to", async () => {
    const { job, warnings } = fakeJob();
    const tight = transportWith((paths) => paths.map((path) => ({ path, measuredAt: "/", sizeBytes: 100 * MiB, availableBytes: 66 * MiB, filesystem: "a" })));
    await assertRoomOnClient(job, tight, "a1", entries, ["/srv/data"], false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("less than 5% of its");
    const roomy = transportWith((paths) => paths.map((path) => ({ path, measuredAt: "/", sizeBytes: 1000 * MiB, availableBytes: 500 * MiB, filesystem: "a" })));
    await assertRoomOnClient(job, roomy, "a1", entries, ["/srv/data"], false);
    expect(warnings).toHaveLength(1);
    const none = transportWith(() => []);
    await assertRoomOnClient(job, small(), "a1", entries, ["/srv/data"], true);
    expect(warnings.at(-1)).toContain("--ignore-free-space");
    await assertRoomOnClient(job, none, "a1", entries, ["/srv/data"], false);
  });
});

function small(): Transport {
  return transportWith((paths) => paths.map((path) => ({ path, measuredAt: "/", sizeBytes: MiB, availableBytes: 1, filesystem: "a" })));
}
