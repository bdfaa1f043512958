/**
 * Links the client has at restore time (issue 15). An admin moved a
 * directory to another disk and left a link (`/srv/data/team ->
 * /data/team`); a client user replaced a directory of her own by a link to
 * the client's /etc. No method may replace such a link in silence or write
 * through it: the restore is refused (exit 2, naming the link) before
 * anything is written. One lab host, one backup, every method.
 */
import { lchown, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import type { LabHost } from "@pullbak/lab";
import { seedEntries } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { leftoverMounts, onDisk, pullbak, pullbakOk, seededDataConfig } from "./restore-helpers.js";

const CAROL = 1000;

describe("restores where the client now has a link in place of a directory", () => {
  const env = useLab(1);
  let host: LabHost;
  let config: string;

  beforeAll(async () => {
    host = env.lab.hosts[0]!;
    config = await seededDataConfig(env.lab);
    await mkdir(onDisk(host, "/home/carol/deep"));
    await writeFile(onDisk(host, "/home/carol/deep/links-canary.txt"), "carol's note\n");
    await symlink("deep/links-canary.txt", onDisk(host, "/home/carol/her-link"));
    await lchown(onDisk(host, "/home/carol/her-link"), CAROL, CAROL);
    await pullbakOk(config, "init", host.name);
    await pullbakOk(config, "run", host.name);

    // The admin moves /srv/data/team to another disk and leaves a link behind.
    await mkdir(onDisk(host, "/data"));
    await rename(onDisk(host, "/srv/data/team"), onDisk(host, "/data/team"));
    await symlink("/data/team", onDisk(host, "/srv/data/team"));
    await rm(onDisk(host, "/data/team/plan.txt"));
  }, 300_000);

  // One restore a method, each asking in another way: below the link, the link itself, the whole archive.
  it.each([
    ["tar-restore", ["/srv/data/team/plan.txt"]],
    ["extract", []],
    ["chroot-extract", ["/srv/data/team"]],
  ] as const)("%s refuses to replace a directory that became a link, naming it, and writes nothing", async (method, asked) => {
    const result = await pullbak(config, "restore", host.name, "--archive", "latest", "--plugin", method, ...asked);

    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain("/srv/data/team is a symbolic link on the client");
    expect(await readlink(onDisk(host, "/srv/data/team"))).toBe("/data/team");
    expect(await readdir(onDisk(host, "/data/team"))).not.toContain("plan.txt");
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it.each([
    ["tar-restore", "/etc"],
    ["extract", "../../etc"],
    ["chroot-extract", "/etc"],
  ] as const)("%s does not write into the client's /etc through a link carol planted above the asked path (%s)", async (method, link) => {
    await rm(onDisk(host, "/home/carol/deep"), { recursive: true, force: true });
    await symlink(link, onDisk(host, "/home/carol/deep"));
    await lchown(onDisk(host, "/home/carol/deep"), CAROL, CAROL);

    const result = await pullbak(config, "restore", host.name, "--archive", "latest", "--plugin", method, "/home/carol/deep/links-canary.txt");

    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain("/home/carol/deep is a symbolic link on the client");
    await expect(readFile(onDisk(host, "/etc/links-canary.txt"))).rejects.toThrow(/ENOENT/);
  });

  it("restores through the link only when asked to (--allow-client-links), as borg and tar do", async () => {
    await rm(onDisk(host, "/home/carol/deep"), { recursive: true, force: true });
    await mkdir(onDisk(host, "/home/carol/deep"));
    const result = await pullbak(config, "restore", host.name, "--archive", "latest", "--plugin", "tar-restore", "--allow-client-links", "/srv/data/team/plan.txt");
    expect(result.exitCode, result.stderr).toBe(0);
    // GNU tar follows the link above the file: the file lands behind it, on the other disk.
    expect(await readFile(onDisk(host, "/data/team/plan.txt"), "utf8")).toBe(seedEntries.teamPlan.content);
    expect(await readlink(onDisk(host, "/srv/data/team"))).toBe("/data/team");
  });

  // SFTP creates a link as the user it logs in as, and pullbak never chowns a link through sshfs.
  it.each([
    ["tar-restore", CAROL],
    ["extract", 0],
    ["chroot-extract", 0],
  ] as const)("%s brings carol's symlink back owned by uid %i", async (method, uid) => {
    await rm(onDisk(host, "/home/carol/her-link"), { force: true });
    await pullbakOk(config, "restore", host.name, "--archive", "latest", "--plugin", method, "/home/carol/her-link");
    expect(await readlink(onDisk(host, "/home/carol/her-link"))).toBe("deep/links-canary.txt");
    expect((await lstat(onDisk(host, "/home/carol/her-link"))).uid).toBe(uid);
  });
});
