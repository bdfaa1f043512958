import { chown, lstat, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import type { CommandSpec } from "@pullbak/core";
import { fakeJob } from "./__fixtures__/fake-job.js";
import { ChrootIsolation } from "./chroot-isolation.js";
import { chrootLayout } from "./chroot-layout.js";

// The real thing: namespaces, overlayfs, capsh. Needs root, as pullbak does.
const asRoot = process.getuid?.() === 0;
const settings = { borg: "borg", capabilities: ["dac_override"], restoreCapabilities: ["dac_override", "chown", "fowner", "fsetid"], isolateNetwork: true, proc: false, scratch: 0 };
const isolation = new ChrootIsolation(settings);

const TOOLS = ["sh", "env", "stat", "cat", "grep", "ls", "head", "true", "chown", "tr", "mkdir"];

/** Copies a few of the server's programs and their libraries into the tree, at the same /usr paths. */
async function installTools(root: string): Promise<void> {
  const programs = await Promise.all(TOOLS.map(async (tool) => (await execa("realpath", [(await execa("which", [tool])).stdout])).stdout));
  const libraries = new Set<string>();
  for (const program of programs) {
    for (const match of (await execa("ldd", [program], { reject: false })).stdout.matchAll(/(\/\S+\.so[.\d]*)/g)) libraries.add(match[1]!);
  }
  const files = [...programs.map((p, i) => ({ from: p, to: `/usr/bin/${TOOLS[i]}` }))];
  for (const library of libraries) files.push({ from: library, to: `/usr${(await execa("realpath", [library])).stdout.replace(/^\/usr/, "")}` }, { from: library, to: `/usr${library.replace(/^\/usr/, "")}` });
  for (const { from, to } of files) {
    await mkdir(join(root, to, ".."), { recursive: true });
    await execa("cp", ["-L", "--remove-destination", from, join(root, to)]);
  }
}

/** A tiny client tree: its own passwd and group, a private file, a few programs. */
async function clientTree(dir: string): Promise<string> {
  const root = join(dir, "client");
  for (const sub of ["usr", "etc", "home/dora", "dev", "tmp"]) await mkdir(join(root, sub), { recursive: true });
  for (const link of ["bin", "lib", "lib64", "sbin"]) await symlink(`usr/${link}`, join(root, link));
  await installTools(root);
  await writeFile(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\ndora:x:4242:4343::/home/dora:/bin/sh\n");
  await writeFile(join(root, "etc/group"), "root:x:0:\nclientonly:x:4343:\n");
  await writeFile(join(root, "home/dora/secret"), "dora's secret\n", { mode: 0o600 });
  await chown(join(root, "home/dora/secret"), 4242, 4343);
  await chown(join(root, "home/dora"), 4242, 4343);
  // Planted: a server path where pullbak mounts things.
  await symlink("/", join(root, "sys"));
  return root;
}

async function runChrooted(client: string, spec: CommandSpec, options: { input?: string; writes?: "client" } = {}) {
  const wrapped = (await enter(client, options.writes)).wrap(spec);
  const stdio = options.input === undefined ? undefined : (["ignore", "pipe", "pipe", "pipe"] as const);
  const child = execa(wrapped.argv[0]!, wrapped.argv.slice(1), { env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", ...wrapped.env }, extendEnv: false, reject: false, ...(stdio ? { stdio } : {}) });
  if (options.input !== undefined) {
    (child.stdio[3] as NodeJS.WritableStream).end(options.input);
  }
  return child;
}

let hostStateDir = "";
let needSource = "";
/** Where the client's code writes instead of the writable need's source (issue #10). */
const scratchDir = () => join(hostStateDir, "client-code", "scratch");
async function enter(client: string, writes?: "client") {
  const needs = [
    { name: "repository", source: needSource, writable: false },
    { name: "scratch", source: join(needSource, "..", "scratch-source"), writable: true },
  ];
  return isolation.enter(fakeJob(hostStateDir), { root: client }, needs, writes ? { writes } : {});
}

describe.skipIf(!asRoot)("the chroot, for real", () => {
  async function setup() {
    const dir = await mkdtemp(join(tmpdir(), "enter-chroot-"));
    hostStateDir = join(dir, "state");
    needSource = join(dir, "repo");
    await mkdir(needSource);
    return { dir, client: await clientTree(dir) };
  }

  it("resolves names from the client's passwd and reads any file with CAP_DAC_OVERRIDE only", async () => {
    const { client } = await setup();
    const result = await runChrooted(client, { argv: ["sh", "-c", "stat -c '%U:%G' /home/dora/secret && cat /home/dora/secret"] });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("dora:clientonly\ndora's secret");
  });

  it("keeps no other capability, for good, and has no network", async () => {
    const { client } = await setup();
    const withProc = new ChrootIsolation({ ...settings, proc: true });
    const runner = await withProc.enter(fakeJob(hostStateDir), { root: client }, []);
    const script = "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/self/status; grep -o '^ *[a-z0-9]*:' /proc/self/net/dev";
    const wrapped = runner.wrap({ argv: ["sh", "-c", script] });
    const result = await execa(wrapped.argv[0]!, wrapped.argv.slice(1), { reject: false });
    // CAP_DAC_OVERRIDE is bit 1; the only network interface is a loopback that is down.
    expect(result.stdout.replace(/\t/g, " ").replace(/ +/g, " ")).toBe(
      "CapInh: 0000000000000002\nCapPrm: 0000000000000002\nCapEff: 0000000000000002\nCapBnd: 0000000000000000\nCapAmb: 0000000000000000\nNoNewPrivs: 1\n lo:",
    );
  });

  it("keeps writes in the server-side upper layer and the client's tree untouched", async () => {
    const { client } = await setup();
    const before = await readdir(join(client, "etc"));
    const result = await runChrooted(client, { argv: ["sh", "-c", "echo new > /etc/planted && echo more >> /etc/passwd && echo ok > /.pullbak/scratch/written && (echo no > /.pullbak/repository/x) 2>/dev/null || echo $TMPDIR"] });
    expect(result.stdout).toBe("/.pullbak/tmp");
    expect(await readdir(join(client, "etc"))).toEqual(before);
    expect(await readFile(join(client, "etc/passwd"), "utf8")).not.toContain("more");
    // The writable need's source is never the client code's: it writes into a dir of its own.
    expect(await readFile(join(scratchDir(), "written"), "utf8")).toBe("ok\n");
    expect(await readdir(needSource)).toEqual([]);
  });

  it("shows pullbak's /dev, and an empty /sys over the client's planted link", async () => {
    const { client } = await setup();
    const result = await runChrooted(client, { argv: ["sh", "-c", "ls /dev; echo ---; ls -A /sys /proc"] });
    expect(result.stdout.split("---")[0]!.trim().split("\n").sort()).toEqual(["fd", "full", "null", "random", "stderr", "stdin", "stdout", "urandom", "zero"]);
    expect(result.stdout.split("---")[1]).toBe("\n/proc:\n\n/sys:");
  });

  it("hands the passphrase pipe on fd 3 to the command", async () => {
    const { client } = await setup();
    const result = await runChrooted(client, { argv: ["sh", "-c", "cat <&3"], env: { BORG_PASSPHRASE_FD: "3" } }, { input: "s3cret" });
    expect(result.stdout).toBe("s3cret");
  });

  it("refuses to mount onto a symlink, and leaves nothing in the server's mount table", async () => {
    const { client } = await setup();
    const runner = await enter(client);
    const upper = chrootLayout(hostStateDir).upper;
    // As if the upper layer had been tampered with: the bind target is now a link to the server's /etc.
    const target = join(upper, ".pullbak/repository");
    await execa("rmdir", [target]);
    await symlink("/etc", target);
    const wrapped = runner.wrap({ argv: ["true"] });
    const result = await execa(wrapped.argv[0]!, wrapped.argv.slice(1), { reject: false });
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toMatch(/mount target .*\.pullbak\/repository is a symbolic link/);
    expect((await lstat(target)).isSymbolicLink()).toBe(true);
    expect(await readFile("/proc/self/mountinfo", "utf8")).not.toContain(hostStateDir);
  });

  it("for a restore, writes through to the client's directories and nowhere else", async () => {
    const { client } = await setup();
    await symlink("/", join(client, "planted-root-link"));
    const script = [
      "echo restored > /home/dora/restored.txt",
      "chown 4242:4343 /home/dora/restored.txt",
      "mkdir /new-top-level 2>/dev/null && echo made-top-level",
      "ls -A /planted-root-link/ | tr '\\n' ' '",
      'cat "$REPOSITORY/marker"',
    ].join("; ");
    await writeFile(join(needSource, "marker"), "repository\n");
    const runner = await enter(client, "client");
    const wrapped = runner.wrap({ argv: ["sh", "-c", script], env: { REPOSITORY: runner.pathOf("repository") } });
    const result = await execa(wrapped.argv[0]!, wrapped.argv.slice(1), { env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", ...wrapped.env }, extendEnv: false, reject: false });
    expect(await readFile(join(client, "home/dora/restored.txt"), "utf8")).toBe("restored\n");
    expect((await lstat(join(client, "home/dora/restored.txt"))).uid).toBe(4242);
    // A new top-level entry would vanish with pullbak's tmpfs: refused instead of lost.
    expect(result.stdout).not.toContain("made-top-level");
    await expect(lstat(join(client, "new-top-level"))).rejects.toMatchObject({ code: "ENOENT" });
    // The planted link is recreated, not followed: inside, "/" is the chroot's root.
    expect(result.stdout).toContain(".pullbak bin dev etc home lib lib64 planted-root-link proc sbin sys tmp usr");
    expect(result.stdout).toContain("repository");
  });

  it("for a restore, hides the needs from a client link aimed at /.pullbak", async () => {
    const { client } = await setup();
    // Planted by the client: where a restore will write, a link to where the needs used to be.
    await symlink("/.pullbak/repository", join(client, "home/dora/docs"));
    await symlink("/.pullbak/tmp", join(client, "home/dora/tmp"));
    const runner = await enter(client, "client");
    const repository = runner.pathOf("repository");
    expect(repository).toMatch(/^\/\.pullbak\/[0-9a-f]{32}\/repository$/);
    const script = "echo planted > /home/dora/docs/x; echo planted > /home/dora/tmp/x; echo ok > \"$SCRATCH/written\"; echo $TMPDIR";
    const wrapped = runner.wrap({ argv: ["sh", "-c", script], env: { SCRATCH: runner.pathOf("scratch") } });
    const result = await execa(wrapped.argv[0]!, wrapped.argv.slice(1), { env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", ...wrapped.env }, extendEnv: false, reject: false });
    expect(result.stdout).toBe(repository.replace(/repository$/, "tmp"));
    expect(result.stderr).toMatch(/docs\/x: Directory nonexistent/);
    expect(await readdir(scratchDir())).toEqual(["written"]);
    expect(await readdir(needSource)).toEqual([]);
    expect(await readdir(join(chrootLayout(hostStateDir).upper, ".pullbak/tmp"))).toEqual([]);
  });
});
