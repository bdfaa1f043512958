import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { beforeEach, describe, expect, it } from "vitest";

/** libexec/copy-userdb.py, run as pullbak runs it (here outside the jail: it needs none to be tested). */
const SCRIPT = fileURLToPath(new URL("../libexec/copy-userdb.py", import.meta.url));

let root: string;
let dest: string;

async function copy(max = 1024) {
  return execa("/usr/bin/python3", ["-I", "-S", "-B", SCRIPT, root, dest, String(max)], { reject: false, timeout: 10_000 });
}

beforeEach(async () => {
  const base = await mkdtemp(join(tmpdir(), "copy-userdb-"));
  root = join(base, "client");
  dest = join(base, "dest");
  await mkdir(join(root, "etc"), { recursive: true });
  await mkdir(dest);
  await writeFile(join(root, "etc", "passwd"), "root:x:0:0::/root:/bin/sh\ncarol:x:1000:1000::/home/carol:/bin/sh\n");
  await writeFile(join(root, "etc", "group"), "root:x:0:\nclientonly:x:2345:carol\n");
});

describe("copy-userdb.py", () => {
  it("copies passwd and group byte for byte", async () => {
    const result = await copy();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(join(dest, "passwd"), "utf8")).toBe(await readFile(join(root, "etc", "passwd"), "utf8"));
    expect(await readFile(join(dest, "group"), "utf8")).toBe(await readFile(join(root, "etc", "group"), "utf8"));
  });

  it.each([
    ["a link as /etc/group", async () => { await execa("rm", [join(root, "etc", "group")]); await symlink("/etc/shadow", join(root, "etc", "group")); }, "/etc/group is a symbolic link"],
    ["a link as /etc", async () => { await execa("mv", [join(root, "etc"), join(root, "real-etc")]); await symlink("real-etc", join(root, "etc")); }, "/etc is a symbolic link"],
    ["a FIFO as /etc/passwd (no hang)", async () => { await execa("rm", [join(root, "etc", "passwd")]); await execa("mkfifo", [join(root, "etc", "passwd")]); }, "/etc/passwd is not a regular file (it is a FIFO)"],
    ["a missing /etc/group", async () => { await execa("rm", [join(root, "etc", "group")]); }, "/etc/group does not exist"],
    ["a passwd over the limit", async () => { await writeFile(join(root, "etc", "passwd"), "x".repeat(1025)); }, "/etc/passwd is larger than 1024 bytes"],
  ])("refuses %s, exit 3 with one line", async (_what, arrange, said) => {
    await arrange();
    const result = await copy();
    expect(result.exitCode).toBe(3);
    expect(result.stderr.trim()).toBe(said);
  });

  it("writes nothing through a link planted in the destination", async () => {
    await symlink(join(root, "victim"), join(dest, "passwd"));
    const result = await copy();
    expect(result.exitCode).not.toBe(0);
    expect(await readdir(root)).toEqual(["etc"]);
  });
});
