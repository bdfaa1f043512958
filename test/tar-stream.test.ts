/**
 * Transport tar-stream (issue 14), as an admin uses it: setup-client prints
 * the tar line for the host's sources, the admin installs it on the client,
 * `pullbak run` streams the client's own tar into borg import-tar, and the
 * archive holds the client's names with no mount and no chroot. Then: the
 * restores that work with it, the combinations check-config refuses, doctor
 * noticing a stale line, and a hostile client whose "tar" emits a crafted
 * stream. One lab host, one backup.
 */
import { appendFile, chmod, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ArchiveEntry } from "@pullbak/core";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import {
  damageClient,
  differences,
  hardLinkGroups,
  leftoverMounts,
  newestArchive,
  onDisk,
  pullbak,
  pullbakOk,
  renumberCarol,
  renumberedGids,
  renumberedUids,
  seededDataConfig,
  snapshot,
  type Snapshot,
  withIds,
} from "./restore-helpers.js";

/** An entry of `list --archive A --json`: the archive's own record of a file. */
type Entry = ArchiveEntry;

const env = useLab(1);
let host: LabHost;
let config: string;
let archive: string;
let backedUp: Snapshot;
let entries: Map<string, Entry>;

/** The lab's seeded-data config, switched to tar-stream (+ isolation none, tar-restore) with `change` applied. */
async function tarStreamConfig(name: string, change: (defaults: Record<string, unknown>) => void = () => {}): Promise<string> {
  const parsed = JSON.parse(await readFile(await seededDataConfig(env.lab), "utf8")) as { defaults: Record<string, unknown> & { ssh: { keys: Record<string, string> } } };
  Object.assign(parsed.defaults, { transport: "tar-stream", isolation: "none", restorer: "tar-restore" });
  parsed.defaults.ssh.keys["tar-stream"] = join(env.lab.dir, "keys", "tar-stream");
  change(parsed.defaults);
  const file = join(env.lab.dir, name);
  await writeFile(file, `${JSON.stringify(parsed, null, 2)}\n`);
  return file;
}

beforeAll(async () => {
  host = env.lab.hosts[0]!;
  config = await tarStreamConfig("tar-stream.yaml");
  const printed = await pullbakOk(config, "setup-client", host.name, "--authorized-keys");
  const tarLines = printed.stdout.split("\n").filter((line) => line.includes("--create"));
  expect(tarLines).toHaveLength(1);
  await appendFile(onDisk(host, "/root/.ssh/authorized_keys"), `${tarLines[0]}\n`);
  await pullbakOk(config, "init", host.name);
  await pullbakOk(config, "run", host.name);
  archive = await newestArchive(config, host.name);
  backedUp = await snapshot(host);
  const listed = await pullbakOk(config, "list", host.name, "--archive", archive, "--json");
  entries = new Map((JSON.parse(listed.stdout) as Entry[]).map((e) => [`/${e.path}`, e]));
  await renumberCarol(host);
}, 120_000);

describe("transport tar-stream", () => {
  it("records the client's own user and group names, ids, modes, mtimes, links and odd names", () => {
    expect(entries.get("/srv/data/team/plan.txt")).toMatchObject({ user: "carol", group: "clientonly", uid: 1000, gid: 2345, mode: "-rw-rw-r--" });
    expect(entries.get("/srv/data/team")).toMatchObject({ mode: "drwxrwsr-x", user: "carol", group: "clientonly" });
    expect(entries.get("/srv/data/www/index.html")).toMatchObject({ user: "webmaster", group: "webteam", uid: 33, gid: 33 });
    expect(entries.get("/srv/data/bin/suid-tool")?.mode).toBe("-rwsr-xr-x");
    expect(entries.get("/srv/data/old/2001-02-03.txt")?.mtime).toMatch(/^2001-02-03T04:05:06/);
    expect(entries.get("/srv/data/links/hostname")?.linkTarget).toBe("/etc/hostname");
    expect(entries.get("/srv/data/links/readme")?.linkTarget).toBe("../README.txt");
    expect(entries.get("/srv/data/names/café ☕.txt")?.mode).toBe("-rw-r--r--");
    expect(entries.get("/srv/data/pipe")?.mode).toMatch(/^p/);
    // tar sends the second name of a hard link as a link to the first; borg keeps it as one.
    const links = ["/srv/data/hardlinks/first.txt", "/srv/data/hardlinks/second.txt"].map((p) => entries.get(p)?.mode[0]);
    expect(links.sort()).toEqual(["-", "h"]);
  });

  it("tar-restore puts the whole archive back, owners mapped by name, hard links as links", async () => {
    await damageClient(host);
    await pullbakOk(config, "restore", host.name, "--archive", archive);
    const restored = await snapshot(host);
    expect(differences(withIds(backedUp, renumberedUids, renumberedGids), restored)).toEqual([]);
    expect(hardLinkGroups(restored)).toEqual([["/srv/data/hardlinks/first.txt", "/srv/data/hardlinks/second.txt"]]);
  });

  it("extract works over an sshfs mount swapped in for the restore (numeric ids)", async () => {
    await damageClient(host);
    const restore = await pullbak(config, "restore", host.name, "--archive", archive, "--plugin", "sshfs", "--plugin", "extract", "/srv/data");
    // SFTP cannot set a FIFO's attributes (docs/fidelity.md): borg's warning, exit 1.
    expect(restore.exitCode, restore.stderr).toBeLessThan(2);
    const restored = await snapshot(host, ["/srv/data"]);
    // extract keeps the archived numbers: plan.txt gets uid 1000 back, which carol no longer has.
    expect(restored.get("/srv/data/team/plan.txt")).toMatchObject({ uid: 1000, gid: 2345 });
    expect(restored.get("/srv/data/www/index.html")).toMatchObject({ uid: 33, gid: 33 });
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("check-config and run refuse impossible combinations, naming both plugins (exit 78)", async () => {
    const chroot = await tarStreamConfig("tar-stream-chroot.yaml", (d) => Object.assign(d, { isolation: "chroot" }));
    const checked = await pullbak(chroot, "check-config");
    expect(checked.exitCode).toBe(78);
    expect(checked.stderr).toMatch(/tar-stream.*chroot|chroot.*tar-stream/);
    const run = await pullbak(chroot, "run", host.name);
    expect(run.exitCode).toBe(78);
    expect(run.stderr).toMatch(/tar-stream.*chroot|chroot.*tar-stream/);
    const extract = await tarStreamConfig("tar-stream-extract.yaml", (d) => Object.assign(d, { restorer: "extract" }));
    const refused = await pullbak(extract, "check-config");
    expect(refused.exitCode).toBe(78);
    expect(refused.stderr).toMatch(/restorer extract needs a transport .*mount.*tar-stream/);
  });

  it("doctor says whether the client's tar line matches the config", async () => {
    const ok = await pullbak(config, "doctor", host.name);
    expect(ok.stdout).toMatch(/tar-stream key and line.*matches the config/);
    const moved = await tarStreamConfig("tar-stream-moved.yaml", (d) => Object.assign(d, { sources: ["/srv/data"] }));
    const stale = await pullbak(moved, "doctor", host.name);
    expect(stale.exitCode).not.toBe(0);
    expect(stale.stdout).toMatch(/tar-stream key and line.*not the one the config makes now/);
  });

  it("a hostile client's stream with absolute and .. paths never reaches an archive", async () => {
    // The client's "tar" replaced: the forced command now runs a script that writes a crafted stream.
    const tar = onDisk(host, "/root/hostile-tar");
    const script = [
      "#!/usr/bin/python3",
      "import io, sys, tarfile",
      "out = tarfile.open(fileobj=sys.stdout.buffer, mode='w|', format=tarfile.PAX_FORMAT)",
      "for name in ['/etc/abs.txt', '../up.txt', 'srv/../../escape.txt']:",
      "    data = b'planted\\n'",
      "    info = tarfile.TarInfo(name); info.size = len(data)",
      "    out.addfile(info, io.BytesIO(data))",
      "out.close()",
    ].join("\n");
    await writeFile(tar, `${script}\n`);
    await chmod(tar, 0o755);
    const hostile = await tarStreamConfig("tar-stream-hostile.yaml", (d) => Object.assign(d, { options: { "tar-stream": { tar: "/root/hostile-tar" } } }));
    const lines = (await pullbakOk(hostile, "setup-client", host.name, "--authorized-keys")).stdout.split("\n").filter((l) => l.includes("--create"));
    const keys = onDisk(host, "/root/.ssh/authorized_keys");
    const saved = await readFile(keys, "utf8");
    const others = saved.split("\n").filter((line) => line !== "" && !line.includes("--create"));
    await writeFile(keys, `${[...others, lines[0]].join("\n")}\n`);
    try {
      const run = await pullbak(hostile, "run", host.name, "--archive", "hostile-1");
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/srv\/\.\.\/\.\.\/escape\.txt.*was deleted/);
      const listed = await pullbakOk(hostile, "list", host.name, "--json");
      expect(listed.stdout).not.toContain("hostile-1");
      // An endless (valid) stream: one member that never ends. The host's timeout ends the run.
      const endless = ["#!/usr/bin/python3", "import sys, tarfile", "info = tarfile.TarInfo('srv/endless'); info.size = 1 << 40", "sys.stdout.buffer.write(info.tobuf(tarfile.PAX_FORMAT))", "zeros = bytes(1 << 16)", "while True: sys.stdout.buffer.write(zeros)"];
      await writeFile(tar, `${endless.join("\n")}\n`);
      const bounded = await tarStreamConfig("tar-stream-endless.yaml", (d) => Object.assign(d, { timeout: 5, options: { "tar-stream": { tar: "/root/hostile-tar" } } }));
      const stopped = await pullbak(bounded, "run", host.name, "--archive", "endless-1");
      expect(stopped.exitCode, stopped.stderr).toBe(2);
      expect(stopped.stderr).toMatch(/took longer than its timeout \(5 s\)/);
      expect(await leftoverMounts(env.lab, host)).toEqual([]);
    } finally {
      await writeFile(keys, saved);
      await rename(tar, `${tar}.hostile`);
    }
  });
});
