import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GUARDED_SERVE, SERVE_HOST } from "./borg-serve.js";

// The guarded `borg serve` as isolation chroot runs it (issue #10): started
// first, channel named in its environment, the client's borg connecting
// later through the client-side relay (sh + cat), as in chroot-runner.ts.

const hasBorg = (() => {
  try {
    execFileSync("borg", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const relay = ["/bin/sh", "-c", 'cat <"$1" & exec cat >"$0"'];
const PYTHON_DIR = fileURLToPath(new URL("../libexec/python", import.meta.url));

describe.skipIf(!hasBorg)("the guarded borg serve", () => {
  let dir: string;
  let serve: ResultPromise | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "guarded-serve-"));
    execFileSync("mkfifo", ["-m", "0600", join(dir, "to-server"), join(dir, "from-server")]);
  });
  afterEach(async () => {
    serve?.kill("SIGKILL");
    await serve?.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  const borgEnv = () => ({ BORG_BASE_DIR: join(dir, "base"), BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: "yes", BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes" });

  function startServe(pythonFlags: string[], repository: string): ResultPromise {
    return execa("python3", [...pythonFlags, GUARDED_SERVE, "serve", "--append-only", "--restrict-to-repository", repository], {
      env: { ...borgEnv(), PULLBAK_CHANNEL_IN: join(dir, "to-server"), PULLBAK_CHANNEL_OUT: join(dir, "from-server") },
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      timeout: 60_000,
    });
  }

  function clientBorg(args: string[]) {
    const words = [...relay, join(dir, "to-server"), join(dir, "from-server")].map((word) => `'${word}'`).join(" ");
    return execa("borg", args, { env: { ...borgEnv(), BORG_RSH: words, BORG_REMOTE_PATH: "borg" }, reject: false, timeout: 60_000 });
  }

  it("serves a client's borg that comes after it has started, through the channel it opens itself", async () => {
    const repository = join(dir, "repo");
    await execa("borg", ["init", "--encryption=none", repository], { env: borgEnv() });
    serve = startServe(["-I", "-B"], repository);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the client's borg comes later, as over a network
    const created = await clientBorg(["create", `ssh://${SERVE_HOST}${repository}::first`, GUARDED_SERVE]);
    expect(created.exitCode, created.stderr).toBe(0);
    const served = await serve;
    expect(served.exitCode).toBe(0);
    const { stdout } = await execa("borg", ["list", "--short", repository], { env: borgEnv() });
    expect(stdout.trim()).toBe("first");
  });

  it("serves a client's borg that opens the channel itself (the serve-channel patch): no relay is started", async () => {
    const repository = join(dir, "repo");
    await execa("borg", ["init", "--encryption=none", repository], { env: borgEnv() });
    serve = startServe(["-I", "-B"], repository);
    const created = await execa("borg", ["create", `ssh://${SERVE_HOST}${repository}::direct`, GUARDED_SERVE], {
      env: {
        ...borgEnv(),
        // A relay that cannot work: the backup succeeds only if borg never starts it.
        BORG_RSH: "/bin/false",
        BORG_REMOTE_PATH: "borg",
        PYTHONPATH: PYTHON_DIR,
        PULLBAK_BORG_PATCHES: "serve-channel",
        PULLBAK_SERVE_TO_SERVER: join(dir, "to-server"),
        PULLBAK_SERVE_FROM_SERVER: join(dir, "from-server"),
      },
      reject: false,
      timeout: 60_000,
    });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stderr).toContain("serve-channel on");
    expect((await serve).exitCode).toBe(0);
    const { stdout } = await execa("borg", ["list", "--short", repository], { env: borgEnv() });
    expect(stdout.trim()).toBe("direct");
  });

  it("hangs up at once when it cannot serve, so the client's borg ends instead of waiting for it", async () => {
    // -S: no site-packages, so the server's python finds no borg.
    serve = startServe(["-I", "-B", "-S"], join(dir, "repo"));
    const started = Date.now();
    const listed = await clientBorg(["list", `ssh://${SERVE_HOST}${join(dir, "repo")}`]);
    expect(listed.timedOut).toBe(false);
    expect(listed.exitCode).toBe(2);
    expect(listed.stderr).toContain("Connection closed by remote host");
    expect(Date.now() - started).toBeLessThan(20_000);
    const served = await serve;
    expect(served.exitCode).toBe(2);
    expect(served.stderr).toContain("pullbak: the server's python3 cannot import borg");
  });
});
