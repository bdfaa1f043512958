import { join } from "node:path";
import type { Runner } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { archiveItems } from "./__fixtures__/archive-items.js";
import { rootedRunner, useInitialisedHost, type TestHost } from "./__fixtures__/test-host.js";

const hostExcludes = ["/dev", "/tmp", "/var/cache/*"];
const archivedFiles = ["devices/kept.txt", "etc/hostname", "etc/motd", "home/carol/notes.txt", "srv/data/report.csv"];

/**
 * borg drops a leading "/" from patterns and from archived paths alike, so the
 * same excludes work when the runner spells client paths absolute (a chroot's
 * "/etc") or relative to a cwd at the client's root ("etc").
 */
describe("excludes, whichever way the runner spells client paths", () => {
  let t: TestHost;
  let client: string;
  useInitialisedHost((host, tree) => {
    t = host;
    client = tree;
  });

  async function filesIn(archive: string, runner: Runner, prefix = ""): Promise<string[]> {
    const { job } = t.job();
    const items = await archiveItems(job, runner, archive);
    return items.filter((i) => i.type === "-").map((i) => i.path.slice(prefix.length)).sort();
  }

  it("relative spelling (cwd at the client's root): host excludes and the isolation's added paths stay out", async () => {
    const { job } = t.job();
    const runner = rootedRunner(t.server(job), client, ["/.pullbak"]);
    await t.archiver.create(job, runner, { archiveName: "relative", sources: ["/"], excludes: hostExcludes });
    expect(await filesIn("relative", runner)).toEqual(archivedFiles);
  });

  it("absolute spelling (as inside a chroot, where client paths are used as they are): absolute excludes work", async () => {
    const { job } = t.job();
    const server = t.server(job);
    // Without a chroot the client's "/" is the tree's directory: spell every client path under it.
    const under = (path: string) => join(client, path);
    const runner: Runner = { ...server, added: [under("/.pullbak")] };
    await t.archiver.create(job, runner, { archiveName: "absolute", sources: [client], excludes: hostExcludes.map(under) });
    expect(await filesIn("absolute", server, `${client.slice(1)}/`)).toEqual(archivedFiles);
  });
});
