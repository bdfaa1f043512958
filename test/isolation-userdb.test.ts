/**
 * Isolation userdb, end to end: the same lab host backed up with the chroot
 * (the client's borg) and with userdb (the server's borg in a jail, with
 * copies of the client's passwd and group) lists identically, item by item.
 * Then the client loses its borg and python and gains hostile Python start-up
 * files: userdb still backs it up and none of the client's code runs, the
 * chroot cannot, and doctor says to use userdb. Restores of a userdb archive:
 * tar-restore and extract work, chroot-extract is refused with the reason.
 */
import { mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig, type ArchiveEntry } from "@pullbak/core";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { onDisk, pullbak, type CliResult } from "./restore-helpers.js";

const env = useLab(1);

/** What hostile client code prints (and then it exits 97): seen anywhere, the client's code ran. */
const MARKER = "HOSTILE-CLIENT-CODE-RAN";
const HOSTILE_PY = `import os, sys\nsys.stderr.write("${MARKER}\\n")\nsys.stderr.flush()\nos._exit(97)\n`;

/** The paths where a python started on (or chrooted into) the client would load client code. */
const HOSTILE_FILES = ["/etc/python3.11/sitecustomize.py", "/root/.local/lib/python3.11/site-packages/usercustomize.py"];

/** An item as `pullbak list HOST --archive A --json` prints it. */
type Entry = ArchiveEntry;

let lab: Lab;
let host: LabHost;
let config: string;

async function pullbakOk(...args: string[]): Promise<CliResult> {
  const result = await pullbak(config, ...args);
  if (result.exitCode !== 0) throw new Error(`pullbak ${args.join(" ")} exited ${result.exitCode}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** `pullbak list HOST --archive A --json`, keyed by path. */
async function listed(archive: string): Promise<Map<string, Entry>> {
  const { stdout } = await pullbakOk("list", host.name, "--archive", archive, "--json");
  return new Map((JSON.parse(stdout) as Entry[]).map((entry) => [entry.path, entry]));
}

/** What both isolations must record alike (a directory's size is whatever the transport says). */
function comparable(entry: Entry): string {
  const size = entry.mode.startsWith("d") ? "" : ` ${entry.size}`;
  return `${entry.mode} ${entry.user}(${entry.uid}):${entry.group}(${entry.gid})${size}${entry.linkTarget === undefined ? "" : ` -> ${entry.linkTarget}`}`;
}

/** Runs a command in the lab host's own mount namespace and root (where its sshd, and so its sftp, sees the tree). */
async function inHost(argv: string[], input?: string): Promise<void> {
  await execa("nsenter", ["-t", String(host.sshdPid), "-m", "-r", "--", ...argv], { input, stdin: input === undefined ? "ignore" : "pipe" });
}

beforeAll(async () => {
  lab = env.lab;
  host = lab.hosts[0]!;
  const { config: base } = await loadConfig(lab.configFile);
  // The lab's data, with userdb as the host's isolation; /etc is in, where the names live.
  const defaults = { ...base.defaults, isolation: "userdb", sources: ["/etc", "/home", "/root", "/srv"] };
  config = join(lab.dir, "userdb.yaml");
  await writeFile(config, `${JSON.stringify({ ...base, defaults }, null, 2)}\n`);
  await pullbakOk("init", host.name);
  await pullbakOk("run", host.name, "--plugin", "chroot", "--archive", "same-chroot");
  await pullbakOk("run", host.name, "--archive", "same-userdb");
}, 300_000);

describe("isolation userdb", () => {
  it("lists exactly as the chroot does: paths, names, ids, modes, sizes, link targets", async () => {
    const chroot = await listed("same-chroot");
    const userdb = await listed("same-userdb");
    expect([...userdb.keys()].sort()).toEqual([...chroot.keys()].sort());
    const differing = [...chroot].filter(([path, entry]) => comparable(entry) !== comparable(userdb.get(path)!)).map(([path, entry]) => `${path}: chroot ${comparable(entry)}, userdb ${comparable(userdb.get(path)!)}`);
    expect(differing).toEqual([]);
    // The names only the client has (uid 33 is www-data on the server) are recorded.
    expect(userdb.get("srv/data/www/index.html")).toMatchObject({ user: "webmaster", group: "webteam", uid: 33, gid: 33 });
    expect([...userdb.values()].some((entry) => entry.user === "carol" && entry.group === "clientonly")).toBe(true);
    expect(userdb.size).toBeGreaterThan(20);
  });

  it("refuses a client whose /etc/group is a link or not a regular file, saying so", async () => {
    // /etc/group, not /etc/passwd: the lab host's own sshd needs its passwd to let pullbak in.
    const group = onDisk(host, "/etc/group");
    const original = await readFile(group);
    try {
      await rm(group);
      await symlink("/etc/shadow", group);
      const linked = await pullbak(config, "run", host.name, "--archive", "refused-link");
      expect(linked.exitCode, linked.stderr).toBe(2);
      expect(linked.stderr).toContain(`host ${host.name}: isolation userdb refuses the client's names: /etc/group is a symbolic link`);
      await rm(group);
      await mkdir(group);
      const directory = await pullbak(config, "run", host.name, "--archive", "refused-dir");
      expect(directory.exitCode, directory.stderr).toBe(2);
      expect(directory.stderr).toContain("/etc/group is not a regular file (it is a directory)");
    } finally {
      await rm(group, { recursive: true, force: true });
      await writeFile(group, original);
    }
  });

  describe("restores of a userdb archive", () => {
    const file = "/srv/data/README.txt";

    it.each(["tar-restore", "extract"])("%s puts a file back", async (method) => {
      const original = await readFile(onDisk(host, file));
      await rm(onDisk(host, file));
      const result = await pullbak(config, "restore", host.name, "--archive", "same-userdb", "--plugin", method, file);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(await readFile(onDisk(host, file))).toEqual(original);
    });

    it("chroot-extract is refused: it needs the chroot isolation", async () => {
      const result = await pullbak(config, "restore", host.name, "--archive", "same-userdb", "--plugin", "chroot-extract", file);
      expect(result.exitCode).toBe(78);
      expect(result.stderr).toMatch(/chroot-extract.*chroot/);
    });
  });

  describe("a client with no borg or python and hostile Python start-up files", () => {
    beforeAll(async () => {
      for (const path of HOSTILE_FILES) {
        await mkdir(join(onDisk(host, path), ".."), { recursive: true });
        await writeFile(onDisk(host, path), HOSTILE_PY);
      }
    });

    it("runs the planted code when the chroot starts the client's python (the plant is real)", async () => {
      const result = await pullbak(config, "run", host.name, "--plugin", "chroot", "--archive", "hostile-chroot");
      expect(result.exitCode).toBe(2);
      // The planted code's exit status and its last word are what pullbak reports of the client's borg
      // (not a line of the chroot's own, such as the shell's "Terminated" for the unused borg serve).
      expect(result.stderr).toContain(`borg create failed (exit 97): ${MARKER}`);
    });

    it("is backed up by userdb, which runs none of the client's files, and doctor recommends userdb", async () => {
      // The client loses its borg and python (empty tmpfs mounts over /usr/bin and its python dirs, in the
      // host's namespace only; /usr/bin keeps bash, root's login shell, or its sshd lets nobody in) and its
      // /usr/lib/python3/dist-packages gets a sitecustomize.py.
      const tmpfs = (dir: string) => ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "pullbak-test-hidden", dir];
      await inHost(tmpfs("/usr/lib/python3.11"));
      await inHost(tmpfs("/usr/lib/python3"));
      await inHost(["mkdir", "/usr/lib/python3/dist-packages", "/usr/lib/python3/keep"]);
      await inHost(["tee", "/usr/lib/python3/dist-packages/sitecustomize.py"], HOSTILE_PY);
      await inHost(["cp", "/usr/bin/bash", "/usr/bin/cp", "/usr/lib/python3/keep/"]);
      await inHost(tmpfs("/usr/bin"));
      await inHost(["/usr/lib/python3/keep/cp", "/usr/lib/python3/keep/bash", "/usr/bin/bash"]);

      const result = await pullbak(config, "run", host.name, "--archive", "no-borg-userdb");
      expect(result.exitCode, result.stderr).toBe(0);
      expect(`${result.stdout}${result.stderr}`).not.toContain(MARKER);
      const items = await listed("no-borg-userdb");
      // The planted files are data in the archive, recorded under the client's names.
      expect(items.get("etc/python3.11/sitecustomize.py")).toMatchObject({ user: "root", size: HOSTILE_PY.length });
      expect(items.get("srv/data/www/index.html")).toMatchObject({ user: "webmaster", group: "webteam" });

      const chroot = await pullbak(config, "run", host.name, "--plugin", "chroot", "--archive", "no-borg-chroot");
      // The chroot has no borg to run here (what it says about that is the chroot's business).
      expect(chroot.exitCode, chroot.stderr).not.toBe(0);
      console.info(`chroot without a client borg: exit ${chroot.exitCode}: ${chroot.stderr.trim().split("\n").at(-1)}`);

      const chrootConfig = join(lab.dir, "userdb-doctor.yaml");
      const { config: base } = await loadConfig(lab.configFile);
      await writeFile(chrootConfig, `${JSON.stringify({ ...base, defaults: { ...base.defaults, isolation: "chroot" } }, null, 2)}\n`);
      const doctor = await pullbak(chrootConfig, "doctor", host.name, "--json");
      const report = JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; fix?: string }> };
      const borgClient = report.checks.find((check) => check.id === "borg-client");
      expect(borgClient, JSON.stringify(borgClient)).toMatchObject({ status: "fail" });
      expect(borgClient?.fix).toContain("isolation: userdb");
    });
  });
});
