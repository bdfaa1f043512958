import { readdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { Runner } from "@pullbak/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientTree } from "./__fixtures__/client-tree.js";
import { rootedRunner, testHost, type TestHost } from "./__fixtures__/test-host.js";

describe("where the repository and its key are", () => {
  let t: TestHost;
  let client: string;

  beforeAll(async () => {
    t = await testHost({ encryption: "keyfile-blake2" });
    client = join(t.dir, "client");
    await clientTree(client);
  });
  afterAll(() => t.cleanup());

  it("a keyfile repository's key lands in borg's config dir on the server, and init says to export it", async () => {
    const { job, log } = t.job();
    await t.archiver.init(job, t.server(job));
    const keys = await readdir(join(t.host.stateDir, "hosts", "unit-web1", "borg", "config", "keys"));
    expect(keys).toHaveLength(1);
    expect(log.of("warn").join("\n")).toMatch(/only in .*borg\/config\/keys on this server: back it up/);
  });

  it("the same repository reached through another path (as inside the chroot) is used without a question", async () => {
    const { job } = t.job();
    await t.archiver.create(job, rootedRunner(t.server(job), client), { archiveName: "at-server-path", sources: ["/etc"], excludes: [] });
    // Inside the chroot the repository is a bind at the isolation's own path: a second path to the same repository.
    const alias = join(t.dir, "bound-repository");
    await symlink(t.host.repository.path, alias);
    const server = t.server(job);
    const elsewhere: Runner = { ...rootedRunner(server, client), pathOf: (name) => (name === "repository" ? alias : server.pathOf(name)) };
    const again = t.job();
    await t.archiver.create(again.job, elsewhere, { archiveName: "at-bound-path", sources: ["/etc"], excludes: [] });
    expect(again.log.of("debug").join("\n")).toContain("previously located at");
    const back = t.job();
    expect((await t.archiver.list(back.job, t.server(back.job))).map((a) => a.name)).toEqual(["at-server-path", "at-bound-path"]);
  });
});
