import { access, chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeJob, ScriptedRunner, testHost } from "./__fixtures__/fake-job.js";
import { SshfsTransport } from "./sshfs-transport.js";

const help = "    -o no_contain_symlinks allow all symlink targets including absolute and ..\n";
const transport = new SshfsTransport({ reconnect: true, dirCache: true, memoryLimitMiB: 1024 }, { shows: async () => true, answers: async () => ({ ok: true }) });

let dir: string;
let key: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sshfs-transport-"));
  key = join(dir, "backup_key");
  await writeFile(key, "not really a key\n", { mode: 0o600 });
});

function setup(answers: ConstructorParameters<typeof ScriptedRunner>[0], dryRun = false) {
  const runner = new ScriptedRunner({ sshfs: (spec) => (spec.argv[1] === "--help" ? { stdout: help } : {}), ...answers }, dryRun);
  const host = testHost({}, { identityFile: key, keys: { restore: key } });
  const job = fakeJob(runner, host, join(dir, "state/hosts/web1"));
  return { runner, job };
}

describe("opening a client over sshfs", () => {
  it("mounts at the host's stable mount point in a mount namespace of its own, journaled, and ends it on teardown", async () => {
    const { runner, job } = setup({});
    const view = await transport.open(job, { mount: "read", key: "backup" });
    expect(view.root).toBe(join(dir, "state/hosts/web1/client"));
    await access(view.root!);
    const mount = runner.argvs("unshare")[0]!;
    expect(mount.slice(0, 9)).toEqual(["unshare", "--mount", "--propagation", "private", "--", "prlimit", `--data=${1024 * 1024 * 1024}`, "--", "sshfs"]);
    expect(mount[9]).toBe("-f");
    expect(mount.at(-1)).toBe(view.root);
    expect(mount.join(" ")).toMatch(/,ro,no_contain_symlinks/);
    expect(job.journal).toEqual([`+sshfs ${view.root} held by 4194305`]);
    expect(runner.specs.find((s) => s.spec.argv[1] === "--help")?.probe).toBe(true);
    expect(view.localRoot).toBe(`/proc/4194305/root${view.root}`);
    expect(view.inMountNamespace!({ argv: ["borg", "create"], cwd: "/x", env: { A: "1" } })).toEqual({
      argv: ["nsenter", "--mount=/proc/4194305/ns/mnt", "--wd=/proc/4194305/root/x", "--", "borg", "create"],
      env: { A: "1" },
    });
    await job.undo.unwind();
    expect(job.journal).toEqual([`+sshfs ${view.root} held by 4194305`, `-${view.root}`]);
  });

  it("refuses to mount twice in one job (the second would take the first for a leftover)", async () => {
    const { job } = setup({});
    await transport.open(job, { mount: "read", key: "backup" });
    await expect(transport.open(job, { mount: "write", key: "restore" })).rejects.toThrow(/already mounted/);
  });

  it("mounts nothing for a streaming restore, and builds ssh commands with the purpose's key", async () => {
    const { runner, job } = setup({});
    const view = await transport.open(job, { mount: "none", key: "restore" });
    expect(view.root).toBeUndefined();
    expect(runner.specs).toEqual([]);
    const argv = view.remote!(["tar", "-x"]).argv;
    expect(argv.slice(argv.indexOf("-i"), argv.indexOf("-i") + 2)).toEqual(["-i", key]);
    expect(argv.slice(-3)).toEqual(["root@192.0.2.10", "tar", "-x"]);
  });

  it("refuses a purpose without a configured key", async () => {
    const { job } = setup({});
    await expect(transport.open(job, { mount: "none", key: "tar" })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("ssh.keys.tar") });
  });

  it("refuses a key others can read", async () => {
    await chmod(key, 0o644);
    const { job } = setup({});
    await expect(transport.open(job, { mount: "read", key: "backup" })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("chmod 600") });
  });

  it("under --dry-run touches no file but still probes sshfs for the plan", async () => {
    const { runner, job } = setup({}, true);
    await transport.open(job, { mount: "read", key: "backup" });
    await expect(access(job.hostStateDir)).rejects.toThrow();
    expect(runner.notes.some((n) => n.startsWith("mkdir -p -m 0700"))).toBe(true);
  });
});

describe("sshfs that ends under a running job (issue #10: its memory cap)", () => {
  it("aborts the job with TRANSPORT_ENDED, naming the host, sshfs and the cap", async () => {
    const { runner, job } = setup({});
    await transport.open(job, { mount: "read", key: "backup" });
    runner.exitStarted({ exitCode: 1, stderr: "sshfs: memory allocation failed\n" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(job.aborted).toHaveLength(1);
    expect(job.aborted[0]).toMatchObject({
      code: "TRANSPORT_ENDED",
      message: expect.stringMatching(/^host web1: the transport \(sshfs\) ended during the run: it reached its memory cap of 1024 MiB \(options\.sshfs\.memoryLimitMiB.*said "sshfs: memory allocation failed"/),
    });
    await job.undo.unwind();
  });

  it("says sshfs's own last line when it ended for another reason", async () => {
    const { runner, job } = setup({});
    await transport.open(job, { mount: "read", key: "backup" });
    runner.exitStarted({ exitCode: 1, stderr: "remote host has disconnected\n" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(job.aborted[0]?.message).toMatch(/the transport \(sshfs\) ended during the run: exit 1: "remote host has disconnected"/);
    await job.undo.unwind();
  });

  it("is no news when pullbak's own teardown ends it", async () => {
    const { job } = setup({});
    await transport.open(job, { mount: "read", key: "backup" });
    await job.undo.unwind();
    await new Promise((resolve) => setImmediate(resolve));
    expect(job.aborted).toEqual([]);
  });
});

describe("a failed mount says why", () => {
  const resetByPeer = { exitCode: 1, stderr: "read: Connection reset by peer\n" };
  function failing(ssh: { exitCode: number; stderr: string }, extra: ConstructorParameters<typeof ScriptedRunner>[0] = {}) {
    return setup({ sshfs: (spec) => (spec.argv[1] === "--help" ? { stdout: help } : resetByPeer), ssh, ...extra });
  }

  it("unreachable: names the host and address:port", async () => {
    const { job } = failing({ exitCode: 255, stderr: "ssh: connect to host 192.0.2.10 port 2222: Connection refused\n" });
    await expect(transport.open(job, { mount: "read", key: "backup" })).rejects.toMatchObject({
      code: "CLIENT_UNREACHABLE",
      message: "host web1: cannot reach 192.0.2.10:2222: ssh: connect to host 192.0.2.10 port 2222: Connection refused",
    });
  });

  it("changed host key: names both fingerprints", async () => {
    const { job } = failing(
      {
        exitCode: 255,
        stderr: "The fingerprint for the ED25519 key sent by the remote host is\nSHA256:NEWnew.\nHost key for [192.0.2.10]:2222 has changed and you have requested strict checking.\nHost key verification failed.\n",
      },
      { "ssh-keygen": { stdout: "# Host [192.0.2.10]:2222 found: line 1\n[192.0.2.10]:2222 ED25519 SHA256:OLDold\n" } },
    );
    const error = await transport.open(job, { mount: "read", key: "backup" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HOST_KEY_MISMATCH" });
    expect((error as Error).message).toMatch(/^host web1: the host key offered by 192\.0\.2\.10:2222 does not match/);
    expect((error as Error).message).toMatch(/Known: ED25519 SHA256:OLDold; offered: ED25519 SHA256:NEWnew$/);
  });

  it("unknown host key: asks ssh-keyscan what is offered", async () => {
    const { job, runner } = failing(
      { exitCode: 255, stderr: "No ED25519 host key is known for [192.0.2.10]:2222 and you have requested strict checking.\nHost key verification failed.\n" },
      { "ssh-keyscan": { stdout: "[192.0.2.10]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF6BUj9q5t41aCKQWT/L0PFQIHqDAMWcrq131KOmky/v\n" }, "ssh-keygen": { exitCode: 1 } },
    );
    await expect(transport.open(job, { mount: "read", key: "backup" })).rejects.toMatchObject({
      code: "HOST_KEY_MISMATCH",
      message: expect.stringMatching(/no host key for \[192\.0\.2\.10\]:2222 is recorded.*Known: \(none\); offered: ED25519 SHA256:1J5rJGtzP4NfJ\/rOaGEiWNPixOfyCz6T5wkaGJSP\/yU$/),
    });
    expect(runner.argvs("ssh-keyscan")[0]).toEqual(["ssh-keyscan", "-T", "7", "-p", "2222", "--", "192.0.2.10"]);
  });

  it("key refused: names the key file", async () => {
    const { job } = failing({ exitCode: 255, stderr: "root@192.0.2.10: Permission denied (publickey).\n" });
    await expect(transport.open(job, { mount: "read", key: "backup" })).rejects.toMatchObject({ message: expect.stringContaining(`refused the key ${key}`) });
  });
});
