import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rootedRunner, useInitialisedHost, type TestHost } from "./__fixtures__/test-host.js";

describe("an archive that misses part of its client", () => {
  let t: TestHost;
  let client: string;
  useInitialisedHost((host, tree) => {
    t = host;
    client = tree;
  });

  it("is set aside as an incomplete checkpoint: hidden from list, still in the repository", async () => {
    const { job } = t.job();
    await t.archiver.create(job, rootedRunner(t.server(job), client), { archiveName: "partial", sources: ["/etc"], excludes: [] });
    const next = t.job();
    expect(await t.archiver.markIncomplete!(next.job, t.server(next.job), "partial")).toBe("partial.incomplete.checkpoint");
    const after = t.job();
    expect((await t.archiver.list(after.job, t.server(after.job))).map((a) => a.name)).not.toContain("partial");
    const listed = await after.job.commands.run({
      argv: ["borg", "list", "--consider-checkpoints", "--short", t.host.repository.path],
      env: { BORG_PASSCOMMAND: `cat ${t.passphraseFile}`, BORG_BASE_DIR: join(t.dir, "check-borg"), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes" },
    });
    expect(listed.stdout.split("\n")).toContain("partial.incomplete.checkpoint");
  }, 60_000); // four borg commands; on a busy machine each takes seconds
});
