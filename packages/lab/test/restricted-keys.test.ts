import { chmod, chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLab } from "../src/testing.js";
import { sftpBatch, sshOptions, sshRun, target } from "./lab-ssh.js";

// A lab host lets the server in only the way pullbak's docs prescribe:
// root, by key, and each key only for its forced command.
describe("a lab host over ssh", () => {
  const env = useLab(1);
  let scratch = "";
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "pullbak-lab-ssh-"));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  const host = () => env.lab.hosts[0]!;
  const markerOnHost = () => join(host().rootDir, "tmp/marker");

  it("refuses to run a shell command with the backup or restore key", async () => {
    for (const key of ["backup", "restore"] as const) {
      const result = await sshRun(env.lab, host(), key, ["touch", "/tmp/marker"]);
      expect(result.exitCode).not.toBe(0);
      // sshd answers an exec request on an sftp-only key with this, on stdout.
      expect(result.stdout).toContain("This service allows sftp connections only.");
    }
    await expect(readFile(markerOnHost())).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("runs only tar with the tar key, whatever command is asked for", async () => {
    const result = await sshRun(env.lab, host(), "tar", ["touch", "/tmp/marker"]);
    // tar read an empty stdin instead of an archive; the command never ran.
    expect(result.stderr).not.toContain("touch");
    await expect(readFile(markerOnHost())).rejects.toMatchObject({ code: "ENOENT" });
    const log = await readFile(join(host().rootDir, "var/log/sshd.log"), "utf8");
    expect(log).toContain("forced-command (key-option) 'tar --extract");
  });

  it("extracts a tar stream into / with the tar key, keeping owners and modes", async () => {
    const staging = join(scratch, "staging");
    await mkdir(join(staging, "srv/restored"), { recursive: true });
    await writeFile(join(staging, "srv/restored/plan.txt"), "from the archive\n");
    await chown(join(staging, "srv/restored/plan.txt"), 1000, 2345);
    await chmod(join(staging, "srv/restored/plan.txt"), 0o640);
    const archive = await execa("tar", ["--create", "--numeric-owner", "--directory", staging, "--file=-", "srv/restored"], {
      encoding: "buffer",
    });
    const restore = await sshRun(env.lab, host(), "tar", [], archive.stdout);
    expect(restore.exitCode).toBe(0);
    const restored = await stat(join(host().rootDir, "srv/restored/plan.txt"));
    expect([restored.uid, restored.gid, restored.mode & 0o7777]).toEqual([1000, 2345, 0o640]);
  });

  it("lets the backup key read /etc/passwd over sftp but write nothing", async () => {
    const copy = join(scratch, "passwd");
    const read = await sftpBatch(env.lab, host(), "backup", [`get /etc/passwd ${copy}`]);
    expect(read.exitCode).toBe(0);
    expect(await readFile(copy, "utf8")).toContain("carol:x:1000:1000:");

    const local = join(scratch, "upload.txt");
    await writeFile(local, "must not arrive\n");
    const write = await sftpBatch(env.lab, host(), "backup", [`put ${local} /tmp/upload.txt`]);
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr).toMatch(/Permission denied/);
    await expect(readFile(join(host().rootDir, "tmp/upload.txt"))).rejects.toMatchObject({ code: "ENOENT" });

    const remove = await sftpBatch(env.lab, host(), "backup", ["rm /srv/data/README.txt"]);
    expect(remove.exitCode).not.toBe(0);
    expect(await readFile(join(host().rootDir, "srv/data/README.txt"), "utf8")).toContain("Seed data");
  });

  it("lets the restore key write over sftp", async () => {
    const local = join(scratch, "restored.txt");
    await writeFile(local, "restored\n");
    const write = await sftpBatch(env.lab, host(), "restore", [`put ${local} /tmp/restored.txt`]);
    expect(write.exitCode).toBe(0);
    expect(await readFile(join(host().rootDir, "tmp/restored.txt"), "utf8")).toBe("restored\n");
  });

  it("refuses password and keyboard-interactive logins", async () => {
    const result = await execa(
      "ssh",
      [...sshOptions(env.lab), "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
        target(host()), "true"],
      { reject: false, timeout: 30_000 },
    );
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain("Permission denied (publickey)");
  });

  it("refuses a key it does not know", async () => {
    const stranger = join(scratch, "stranger");
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]);
    const result = await execa("ssh", [...sshOptions(env.lab), "-o", "IdentitiesOnly=yes", "-i", stranger, target(host()), "true"], {
      reject: false,
      timeout: 30_000,
    });
    expect(result.exitCode).toBe(255);
    expect(result.stderr).toContain("Permission denied (publickey)");
  });

  it("is trusted only through the lab's known_hosts", async () => {
    const empty = join(scratch, "empty_known_hosts");
    await writeFile(empty, "");
    const options = sshOptions(env.lab, "backup").map((option) =>
      option.startsWith("UserKnownHostsFile=") ? `UserKnownHostsFile=${empty}` : option,
    );
    const result = await execa("sftp", [...options, "-b", "-", target(host())], { input: "ls /\n", reject: false, timeout: 30_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("Host key verification failed");
  });
});
