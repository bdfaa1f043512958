/**
 * tar-restore, as an admin uses it: back a lab host up, break things on it,
 * stream the archive back with `borg export-tar | ssh host tar -x`, and
 * check the client's own disk. No mount is ever made.
 */
import { execa } from "execa";
import { startSshd, stopSshd, type LabHost } from "@pullbak/lab";
import { describe, expect, it } from "vitest";
import {
  damageClient,
  differences,
  hardLinkGroups,
  leftoverMounts,
  markLinkTarget,
  onDisk,
  pullbak,
  pullbakOk,
  renumberedGids,
  renumberedUids,
  snapshot,
  type Snapshot,
  useBackedUpLab,
  withIds,
} from "./restore-helpers.js";

describe("tar-restore", () => {
  let host: LabHost;
  let config: string;
  let archive: string;
  let backedUp: Snapshot;
  const env = useBackedUpLab((b) => ({ host, config, archive, snapshot: backedUp } = b));

  it("puts back deleted and damaged files with their content, mode, owner by name, mtime and symlink targets", async () => {
    await damageClient(host);
    const hostnameBefore = await markLinkTarget(host);

    const result = await pullbakOk(config, "restore", host.name, "--archive", "latest", "--plugin", "tar-restore");

    // `latest` resolves to the archive just made: the restorer names it while streaming.
    expect(result.stdout + result.stderr).toContain(archive);
    const restored = await snapshot(host);
    // sshfs reports every file with one link, so borg archived the two names of a hard link as two files.
    expect(hardLinkGroups(backedUp)).toEqual([["/srv/data/hardlinks/first.txt", "/srv/data/hardlinks/second.txt"]]);
    expect(hardLinkGroups(restored)).toEqual([]);
    expect(differences(withIds(backedUp, renumberedUids, renumberedGids), restored)).toEqual([]);
    expect(await snapshot(host, ["/etc/hostname"])).toEqual(hostnameBefore);
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("restores only the paths asked for and leaves the rest of the client as it is", async () => {
    await damageClient(host);
    const damaged = await snapshot(host);

    await pullbakOk(config, "restore", host.name, "--archive", archive, "--plugin", "tar-restore", "/srv/data/www", "/srv/data/links");

    const asked = ["/srv/data/www", "/srv/data/links"];
    const inside = (path: string) => asked.some((root) => path === root || path.startsWith(`${root}/`));
    const restored = await snapshot(host);
    const expected: Snapshot = new Map([
      ...[...damaged].filter(([path]) => !inside(path)),
      ...[...withIds(backedUp, renumberedUids, renumberedGids)].filter(([path]) => inside(path)),
    ]);
    // /srv/data/links was deleted: tar recreates it; its parent's mtime is the one thing that moves.
    expect(differences(expected, restored, { skipMtimeOf: (path) => path === "/srv/data" })).toEqual([]);
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("`run --plugin tar-restore --archive NAME` restores the whole archive", async () => {
    await damageClient(host);

    await pullbakOk(config, "run", host.name, "--plugin", "tar-restore", "--archive", archive);

    expect(differences(withIds(backedUp, renumberedUids, renumberedGids), await snapshot(host))).toEqual([]);
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("fails with tar's own message when tar fails on the client", async () => {
    await damageClient(host);
    const www = onDisk(host, "/srv/data/www");
    await execa("chattr", ["+i", www]); // nothing in it can be replaced, not even by root
    try {
      const result = await pullbak(config, "restore", host.name, "--archive", archive, "--plugin", "tar-restore");
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(host.name);
      expect(result.stderr).toMatch(/tar: srv\/data\/www.*(Operation not permitted|File exists)/);
    } finally {
      await execa("chattr", ["-i", www]);
    }
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("fails with ssh's message when the client cannot be reached", async () => {
    await stopSshd(host);
    try {
      const result = await pullbak(config, "restore", host.name, "--archive", archive, "--plugin", "tar-restore");
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(host.name);
      expect(result.stderr).toMatch(/Connection refused|No route to host|timed out/);
    } finally {
      await startSshd(env.lab, host);
    }
  });
});
