/**
 * chroot-extract, the partial restore: the backup's mount and chroot, read-write
 * this time, and `borg extract ARCHIVE PATH...` inside it. borg looks names up
 * in the client's passwd and group, so restored files get the client's
 * current ids; nothing outside the asked paths changes.
 */
import { type LabHost } from "@pullbak/lab";
import { describe, expect, it } from "vitest";
import {
  damageClient,
  differences,
  leftoverMounts,
  markLinkTarget,
  pullbakOk,
  renumberedGids,
  renumberedUids,
  snapshot,
  type Snapshot,
  useBackedUpLab,
  withIds,
} from "./restore-helpers.js";

describe("chroot-extract", () => {
  let host: LabHost;
  let config: string;
  let archive: string;
  let backedUp: Snapshot;
  const env = useBackedUpLab((b) => ({ host, config, archive, snapshot: backedUp } = b));

  it("restores only the asked paths, owned by the client's current ids for the archived names", async () => {
    await damageClient(host);
    const damaged = await snapshot(host);
    const asked = ["/srv/data/team", "/home/carol/secret.txt"];

    await pullbakOk(config, "restore", host.name, "--archive", archive, "--plugin", "chroot-extract", ...asked);

    const inside = (path: string) => asked.some((root) => path === root || path.startsWith(`${root}/`));
    const expected: Snapshot = new Map([
      ...[...damaged].filter(([path]) => !inside(path)),
      ...[...withIds(backedUp, renumberedUids, renumberedGids)].filter(([path]) => inside(path)),
    ]);
    expect(expected.get("/srv/data/team/plan.txt")).toMatchObject({ uid: 1500, gid: 2400 });
    // The directories holding the asked paths get a new mtime: an entry in them was replaced. Nothing else changes.
    const holdsAsked = (path: string) => asked.some((root) => root.startsWith(`${path}/`));
    expect(differences(expected, await snapshot(host), { skipMtimeOf: holdsAsked })).toEqual([]);
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("restores symlinks without touching their targets", async () => {
    await damageClient(host);
    const hostnameBefore = await markLinkTarget(host);

    await pullbakOk(config, "restore", host.name, "--archive", archive, "--plugin", "chroot-extract", "/srv/data/links");

    const links = await snapshot(host, ["/srv/data/links"]);
    const archived = new Map([...backedUp].filter(([path]) => path.startsWith("/srv/data/links")));
    // A link's own mtime cannot be set through sshfs without landing on its target: restored links carry the restore's time.
    const isLink = (path: string) => archived.get(path)?.kind === "symlink";
    expect(differences(archived, links, { skipMtimeOf: isLink })).toEqual([]);
    expect(await snapshot(host, ["/etc/hostname"])).toEqual(hostnameBefore);
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });
});
