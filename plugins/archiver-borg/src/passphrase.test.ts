import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ExecaRunner, createJob } from "@pullbak/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientTree } from "./__fixtures__/client-tree.js";
import { RecordingRunner } from "./__fixtures__/recording-runner.js";
import { RecordingLogger, rootedRunner, testHost, type TestHost } from "./__fixtures__/test-host.js";
import { watchProcesses } from "./__fixtures__/watch-processes.js";

describe("the repository passphrase", () => {
  const secret = `pb-secret-${randomBytes(8).toString("hex")}`;
  let t: TestHost;

  beforeAll(async () => {
    t = await testHost({ passphrase: secret });
    await clientTree(join(t.dir, "client"));
    const { job } = t.job();
    await t.archiver.init(job, t.server(job));
  });
  afterAll(() => t.cleanup());

  it("reaches borg on fd 3 only: never in the argv or environment of the running borg, nor in any spec", async () => {
    let recorder!: RecordingRunner;
    const { job } = t.job({ commands: (signal) => (recorder = new RecordingRunner(new ExecaRunner(signal))) });
    const runner = rootedRunner(t.server(job), join(t.dir, "client"), ["/.pullbak"]);
    const work = t.archiver.create(job, runner, { archiveName: "fd-only", sources: ["/"], excludes: [] });
    const { seen, result } = await watchProcesses(t.host.repository.path, work);

    expect(result.status).toBe("fulfilled");
    const borg = seen.filter((p) => p.cmdline.split("\0").some((word) => word.endsWith("borg")));
    expect(borg.length).toBeGreaterThan(0);
    for (const process of borg) {
      expect(process.cmdline).not.toContain(secret);
      expect(process.environ).not.toContain(secret);
      const names = process.environ.split("\0").map((pair) => pair.split("=")[0]);
      expect(names).toContain("BORG_PASSPHRASE_FD");
      // No other way borg could take a passphrase: the plain or the new-passphrase variable, or a command
      // (BORG_DISPLAY_PASSPHRASE=no only answers a question).
      expect(names.filter((name) => /^BORG_(NEW_)?PASS(PHRASE|COMMAND)$/.test(name))).toEqual([]);
    }
    for (const spec of recorder.specs) {
      expect(JSON.stringify({ argv: spec.argv, env: spec.env })).not.toContain(secret);
      expect(spec.secret?.envVar).toBe("BORG_PASSPHRASE_FD");
      expect(Buffer.from(spec.secret!.bytes).toString()).toBe(secret);
      expect(spec.killSignal).toBe("SIGINT");
    }
  });

  it("a wrong passphrase fails with borg's message, naming the host", async () => {
    const wrong = await testHost({ passphrase: "not the right one" });
    try {
      const host = { ...wrong.host, repository: { ...wrong.host.repository, path: t.host.repository.path } };
      const controller = new AbortController();
      const job = createJob({ host, commands: new ExecaRunner(controller.signal), log: new RecordingLogger(), signal: controller.signal });
      await expect(t.archiver.list(job, t.server(job))).rejects.toMatchObject({
        code: "ARCHIVER_FAILED",
        message: expect.stringMatching(/^host unit-web1: borg list failed \(exit 2\): passphrase supplied .* is incorrect/),
      });
    } finally {
      await wrong.cleanup();
    }
  });

  it("with no passphrase configured borg gets an empty fd and fails at once instead of prompting", async () => {
    const none = await testHost({ passphrase: null, encryption: "none" });
    try {
      const host = { ...none.host, repository: { ...none.host.repository, path: t.host.repository.path } };
      const controller = new AbortController();
      const job = createJob({ host, commands: new ExecaRunner(controller.signal), log: new RecordingLogger(), signal: controller.signal });
      await expect(t.archiver.list(job, t.server(job))).rejects.toMatchObject({ code: "ARCHIVER_FAILED", message: expect.stringContaining("is incorrect") });
    } finally {
      await none.cleanup();
    }
  });

  it("init refuses an empty passphrase for an encrypted repository", async () => {
    const empty = await testHost();
    try {
      await writeFile(empty.passphraseFile, "\n");
      const { job } = empty.job();
      await expect(empty.archiver.init(job, empty.server(job))).rejects.toMatchObject({ code: "SECRET_UNAVAILABLE", message: expect.stringContaining("unit-web1") });
    } finally {
      await empty.cleanup();
    }
  });

  it("an unencrypted repository needs no passphrase at all", async () => {
    const plain = await testHost({ passphrase: null, encryption: "none" });
    try {
      const { job } = plain.job();
      await plain.archiver.init(job, plain.server(job));
      await plain.archiver.create(job, rootedRunner(plain.server(job), join(t.dir, "client")), { archiveName: "plain", sources: ["/etc"], excludes: [] });
      expect((await plain.archiver.list(job, plain.server(job))).map((a) => a.name)).toEqual(["plain"]);
    } finally {
      await plain.cleanup();
    }
  });
});
