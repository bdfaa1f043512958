import { randomBytes } from "node:crypto";
import { open, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { borgCommand, repositoryLocation } from "./borg-command.js";
import { rootedRunner, testHost, useInitialisedHost, type TestHost } from "./__fixtures__/test-host.js";

describe("borg's exit codes as pullbak outcomes", () => {
  let t: TestHost;
  let client: string;
  useInitialisedHost((host, tree) => {
    t = host;
    client = tree;
  });

  it("exit 1 (a source is missing) is a result with borg's warning lines, also shown as they happen", async () => {
    const { job, log } = t.job();
    const result = await t.archiver.create(job, rootedRunner(t.server(job), client), { archiveName: "warned", sources: ["/etc", "/not-there"], excludes: [] });
    expect(result.warnings).toEqual(["not-there: [Errno 2] No such file or directory: 'not-there'"]);
    expect(result.stats?.files).toBe(2);
    expect(log.of("warn")).toContain("borg: not-there: [Errno 2] No such file or directory: 'not-there'");
  });

  it("exit 2 throws ARCHIVER_FAILED with borg's last error line and the host", async () => {
    const { job } = t.job();
    const runner = rootedRunner(t.server(job), client);
    await expect(t.archiver.create(job, runner, { archiveName: "warned", sources: ["/etc"], excludes: [] })).rejects.toMatchObject({
      code: "ARCHIVER_FAILED",
      message: "host unit-web1: borg create failed (exit 2): Archive warned already exists",
    });
  });

  it("a repository that does not exist is named in the error", async () => {
    const missing = await testHost();
    try {
      const { job } = missing.job();
      await expect(missing.archiver.list(job, missing.server(job))).rejects.toMatchObject({
        code: "ARCHIVER_FAILED",
        message: `host unit-web1: borg list failed (exit 2): Repository ${missing.host.repository.path} does not exist.`,
      });
    } finally {
      await missing.cleanup();
    }
  });

  it("a cancel sends borg SIGINT: it keeps a checkpoint archive and the create throws INTERRUPTED", async () => {
    const big = join(client, "srv/data/big.bin");
    await writeFile(big, randomBytes(64 * 1024 * 1024));
    try {
      const { job, controller } = t.job();
      const runner = rootedRunner(t.server(job), client);
      const originalProgress = job.log.progress;
      // Stop as soon as borg reports it is reading files, as Ctrl-C would.
      job.log.progress = (message) => {
        originalProgress(message);
        if (message.includes("big.bin")) controller.abort(new Error("interrupted by SIGINT"));
      };
      const stopped = await t.archiver.create(job, runner, { archiveName: "stopped", sources: ["/srv"], excludes: [] }).catch((e: unknown) => e);
      expect(stopped).toMatchObject({
        code: "INTERRUPTED",
        message: expect.stringMatching(/^host unit-web1: borg create interrupted by SIGINT; borg may have kept .* stopped\.checkpoint/),
      });
      const check = t.job();
      const spec = await borgCommand(check.job, t.server(check.job), ["list", "--consider-checkpoints", "--short", "--", repositoryLocation(t.server(check.job))]);
      const listed = await check.job.commands.run(spec);
      expect(listed.stdout.split("\n")).toContain("stopped.checkpoint");
    } finally {
      await rm(big, { force: true });
    }
  });

  it("check fails when borg finds damage (its exit 1 means problems found)", async () => {
    const { job } = t.job();
    const segments = join(t.host.repository.path, "data", "0");
    const names = (await readdir(segments)).filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b));
    const file = await open(join(segments, names[0]!), "r+");
    await file.write(Buffer.from("pullbak was here, damaging on purpose"), 0, undefined, 200);
    await file.close();
    const damaged = await t.archiver.check(job, t.server(job)).catch((e: unknown) => e);
    expect(damaged).toMatchObject({
      code: "ARCHIVER_FAILED",
      message: expect.stringMatching(/^host unit-web1: borg check found problems in /),
    });
  });
});
