/**
 * The version gate of libexec/python/pullbak_serve_channel.py (issue 10's
 * performance gate), run by the real python3 against a stand-in `borg`
 * package of a chosen version, loaded the way borg loads it (sitecustomize.py
 * at start-up, PULLBAK_BORG_PATCHES naming the patch, borg.remote imported
 * later). That a real borg backs up through it: guarded-serve.test.ts.
 */
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { fakeBorgs } from "./__fixtures__/fake-borg.js";

const fakes = fakeBorgs("remote");

/** borg's remote module: Popen imported as borg 1.2's does, its read size, and a put whose call() returns what it was given. */
const MODULES = {
  "remote.py": [
    "from subprocess import Popen, PIPE",
    "BUFSIZE = 10 * 1024 * 1024",
    "class RemoteRepository:",
    "    def call(self, cmd, args, **kw): return (cmd, sorted(args.items()), kw)",
    "    def put(self, id, data, wait=True): return 'stock'",
    "",
  ].join("\n"),
};

const channel = { PULLBAK_SERVE_TO_SERVER: "/.pullbak/channel-repository/to-server", PULLBAK_SERVE_FROM_SERVER: "/.pullbak/channel-repository/from-server" };

/**
 * Imports the stand-in borg.remote under PATCHES and ENV; what it printed and
 * whether Popen is subprocess's own; and what the patch made of borg's read
 * size and put (a stand-in whose call() returns what it was given).
 */
async function runWith(version: string, patches: string, env: Record<string, string>): Promise<{ stderr: string; stock: boolean; bufsize: number; put: string }> {
  const script = [
    "import subprocess, borg.remote as r",
    "print('stock' if r.Popen is subprocess.Popen else 'patched')",
    "print(r.BUFSIZE)",
    "print(repr(r.RemoteRepository().put(b'id', b'data', wait=False)))",
  ].join("\n");
  const result = await execa("python3", ["-c", script, "--log-json"], {
    env: fakes.env(version, MODULES, patches, env),
    extendEnv: false,
  });
  const [popen, bufsize, put] = result.stdout.split("\n");
  return { stderr: result.stderr, stock: popen === "stock", bufsize: Number(bufsize), put: put ?? "" };
}

describe("serve-channel version gate", () => {
  it("patches borg 1.2.4, the version it was checked against, and says so as a JSON log line", async () => {
    const { stderr, stock } = await runWith("1.2.4", "serve-channel", channel);
    expect(stock).toBe(false);
    expect(JSON.parse(stderr)).toMatchObject({ type: "log_message", levelname: "INFO", message: expect.stringMatching(/^serve-channel on \(borg 1\.2\.4\)/) });
  });

  it("reads 64 KiB at a time instead of 10 MiB, and puts with exactly the arguments borg's wrapper sends", async () => {
    const { bufsize, put } = await runWith("1.2.4", "serve-channel", channel);
    expect(bufsize).toBe(64 * 1024);
    expect(put).toBe("('put', [('data', b'data'), ('id', b'id')], {'wait': False})");
  });

  it.each(["1.2.3", "1.2.8", "1.4.0", "2.0.0b14"])("leaves borg %s starting the relay, and says why", async (version) => {
    const { stderr, stock } = await runWith(version, "serve-channel", channel);
    expect(stock).toBe(true);
    expect((JSON.parse(stderr) as { message: string }).message).toBe(
      `serve-channel off: borg ${version} is not a version it was checked against (1.2.4); the channel's relay is started`,
    );
  });

  it("does nothing at all without a channel named, or unless PULLBAK_BORG_PATCHES names it", async () => {
    const untouched = { stderr: "", stock: true, bufsize: 10 * 1024 * 1024, put: "'stock'" };
    expect(await runWith("1.2.4", "serve-channel", {})).toEqual(untouched);
    expect(await runWith("1.2.4", "special-files", channel)).toEqual(untouched);
  });
});
