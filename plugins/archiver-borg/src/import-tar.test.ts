import { describe, expect, it } from "vitest";
import { useInitialisedHost, type TestHost } from "./__fixtures__/test-host.js";

/** A command whose stdout is a tar stream Python's tarfile writes: names as given, `exit` after it. */
function stream(names: readonly string[], exit = 0): { argv: string[] } {
  const script = [
    "import io, sys, tarfile",
    "out = tarfile.open(fileobj=sys.stdout.buffer, mode='w|', format=tarfile.PAX_FORMAT)",
    "for name in sys.argv[2:]:",
    "    info = tarfile.TarInfo(name); info.size = 3; info.uname = 'carol'; info.gname = 'clientonly'; info.uid = 1000; info.gid = 2345",
    "    out.addfile(info, io.BytesIO(b'hi\\n'))",
    "out.close(); sys.stdout.flush(); sys.exit(int(sys.argv[1]))",
  ].join("\n");
  return { argv: ["python3", "-c", script, String(exit), ...names] };
}

describe("borg import-tar of a client's stream (issue 14)", () => {
  let t: TestHost;
  useInitialisedHost((host) => (t = host));

  it("records the stream's user and group names, and tar's exit 1 is a warning", async () => {
    const { job } = t.job();
    const result = await t.archiver.importTar!(job, t.server(job), { archiveName: "ok", stream: stream(["srv/a.txt", "srv/b.txt"], 1) });
    expect(result.stats?.files).toBe(2);
    expect(result.warnings).toEqual([expect.stringMatching(/client's tar finished with exit 1/)]);
    const next = t.job();
    const entries = await t.archiver.listFiles!(next.job, t.server(next.job), { archive: "ok", paths: [] });
    expect(entries.find((e) => e.path === "srv/a.txt")).toMatchObject({ user: "carol", group: "clientonly", uid: 1000, gid: 2345 });
  }, 60_000);

  it("deletes an archive whose stream named a path with .. inside, and fails naming it", async () => {
    const { job } = t.job();
    await expect(t.archiver.importTar!(job, t.server(job), { archiveName: "dotdot", stream: stream(["/etc/abs", "srv/../../escape"]) })).rejects.toMatchObject({
      code: "UNSAFE_CLIENT_PATH",
      message: expect.stringMatching(/"srv\/\.\.\/\.\.\/escape".*archive dotdot was deleted/),
    });
    const next = t.job();
    expect((await t.archiver.list(next.job, t.server(next.job))).map((a) => a.name)).not.toContain("dotdot");
  }, 60_000);

  it("sets aside what arrived when the stream's command failed (ssh's 255)", async () => {
    const { job } = t.job();
    await expect(t.archiver.importTar!(job, t.server(job), { archiveName: "cut", stream: stream(["srv/a.txt"], 255) })).rejects.toMatchObject({
      code: "CLIENT_UNREACHABLE",
      message: expect.stringMatching(/tar stream failed \(exit 255\); what arrived was kept as cut\.incomplete\.checkpoint/),
    });
  }, 60_000);
});
