import { lstat, mkdtemp, readFile, readdir, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, seedPathBytes } from "../src/index.js";
import { useLab } from "../src/testing.js";

// What pullbak's sshfs transport does first: mount the client's / read-only
// on the server. The server must see the client's own accounts.
describe("a lab host's / over sshfs", () => {
  const env = useLab(1);
  let mountPoint = "";

  beforeAll(async () => {
    mountPoint = await mkdtemp(join(tmpdir(), "pullbak-lab-sshfs-"));
    const { lab } = env;
    const host = lab.hosts[0]!;
    const options = [
      `IdentityFile=${lab.keys.backup}`,
      `UserKnownHostsFile=${lab.knownHostsFile}`,
      "StrictHostKeyChecking=yes",
      "BatchMode=yes",
      "IdentitiesOnly=yes",
      "no_contain_symlinks",
      "ro",
    ].join(",");
    await execa("sshfs", ["-o", options, `root@${host.address}:/`, mountPoint], { timeout: 30_000 });
  });

  afterAll(async () => {
    if (!mountPoint) return;
    await execa("fusermount3", ["-u", mountPoint], { reject: false });
    await rm(mountPoint, { recursive: true, force: true });
  });

  it("shows the client's passwd and group, with names the server does not have", async () => {
    const passwd = await readFile(join(mountPoint, "etc/passwd"), "utf8");
    const group = await readFile(join(mountPoint, "etc/group"), "utf8");
    expect(passwd).toContain("carol:x:1000:1000:");
    expect(passwd).toContain("webmaster:x:33:33:");
    expect(group).toContain("clientonly:x:2345:carol");
    expect(group).toContain("webteam:x:33:");

    const serverPasswd = await readFile("/etc/passwd", "utf8");
    const serverGroup = await readFile("/etc/group", "utf8");
    expect(serverPasswd).not.toMatch(/^(carol|webmaster):/m);
    expect(serverGroup).not.toMatch(/^(clientonly|webteam):/m);
    expect(serverGroup).not.toMatch(/^[^:]*:[^:]*:2345:/m);
  });

  it("shows the client's hostname and seeded owners by id", async () => {
    expect(await readFile(join(mountPoint, "etc/hostname"), "utf8")).toBe(`${env.lab.hosts[0]!.hostname}\n`);
    const plan = await lstat(join(mountPoint, seed.entries.teamPlan.path));
    expect([plan.uid, plan.gid]).toEqual([1000, 2345]);
    const index = await lstat(join(mountPoint, seed.entries.wwwIndex.path));
    expect([index.uid, index.gid]).toEqual([33, 33]);
  });

  it("shows symlinks as links, not as what they point to", async () => {
    expect(await readlink(join(mountPoint, seed.entries.absoluteLink.path))).toBe("/etc/hostname");
    expect(await readlink(join(mountPoint, seed.entries.danglingLink.path))).toBe(seed.entries.danglingLink.target);
  });

  it("lists odd file names exactly", async () => {
    const names = await readdir(join(mountPoint, "srv/data/names"), { encoding: "buffer" });
    const expected = [seed.entries.spaces, seed.entries.utf8, seed.entries.latin1].map((entry) =>
      seedPathBytes(entry).subarray("/srv/data/names/".length).toString("hex"),
    );
    expect(names.map((name) => name.toString("hex")).sort()).toEqual(expected.sort());
  });

  it("does not let the server write through the backup mount", async () => {
    await expect(writeFile(join(mountPoint, "tmp/x"), "x")).rejects.toMatchObject({ code: expect.stringMatching(/EROFS|EACCES|EPERM/) });
  });
});
