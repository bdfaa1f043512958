import { access } from "node:fs/promises";
import { join } from "node:path";
import { DryRunRunner, ExecaRunner } from "@pullbak/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootedRunner, testHost, type TestHost } from "./__fixtures__/test-host.js";

describe("--dry-run", () => {
  let t: TestHost;
  beforeAll(async () => {
    t = await testHost();
  });
  afterAll(() => t.cleanup());

  it("prints the mkdirs and borg commands, with the secret only as its fd, and touches nothing", async () => {
    const printed: string[] = [];
    const { job } = t.job({ commands: (signal) => new DryRunRunner(new ExecaRunner(signal), (line) => printed.push(line)) });
    const server = t.server(job);
    await t.archiver.init(job, server);
    const result = await t.archiver.create(job, rootedRunner(server, "/nonexistent-client"), { archiveName: "planned", sources: ["/etc"], excludes: ["/tmp"] });
    expect(result).toEqual({ archive: "planned", warnings: [] });
    expect(await t.archiver.list(job, server)).toEqual([]);

    const plan = printed.join("\n");
    expect(plan).toContain(`mkdir -p -m 0700 ${join(t.host.stateDir, "hosts", "unit-web1", "borg", "cache")}`);
    expect(plan).toMatch(/borg init --log-json --encryption=repokey-blake2 --make-parent-dirs -- \S+\/repos\/unit-web1 {2}\[secret on fd 3\]/);
    expect(plan).toMatch(/BORG_PASSPHRASE_FD=3 borg create --log-json .*--files-cache=ctime,size --one-file-system --noflags --exclude=\/tmp -- \S+::planned etc/);
    expect(plan).not.toContain("correct horse");
    await expect(access(t.host.stateDir)).rejects.toThrow(/ENOENT/);
    await expect(access(t.host.repository.path)).rejects.toThrow(/ENOENT/);
  });
});
