import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandSpec, Job } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { freeSpaceOnClient } from "./client-free-space.js";
import { SshTarget } from "@pullbak/ssh";

/** What OpenSSH 9.2's sftp printed for this batch on a lab host: /srv/small does not exist, /srv is a tmpfs. */
const STDOUT = [
  "sftp> -df /srv/small/new",
  "sftp> -df /srv/small",
  "sftp> -df /srv",
  "        Size         Used        Avail       (root)    %Capacity",
  "        8192         1024         7168         7168          12%",
  "sftp> -df /",
  "        Size         Used        Avail       (root)    %Capacity",
  "   264212084     23428600     82962312    240783484           8%",
  "sftp> -df /home",
  "        Size         Used        Avail       (root)    %Capacity",
  "   264212084     23428600     82962312    240783484           8%",
  "",
].join("\n");

describe("free space on the client over sftp", () => {
  it("answers each path with the deepest existing directory's statvfs, in bytes", async () => {
    const ran: CommandSpec[] = [];
    const host = { name: "web1", address: "192.0.2.10", ssh: { user: "root", port: 22, knownHostsFile: "/k/known_hosts", connectTimeout: 10, aliveInterval: 15, keys: {}, identityFile: "/k/backup" } };
    const job = {
      host,
      hostStateDir: await mkdtemp(join(tmpdir(), "pullbak-df-")),
      signal: new AbortController().signal,
      commands: { dryRun: false, run: async (spec: CommandSpec) => (ran.push(spec), { exitCode: 0, stdout: STDOUT, stderr: 'Couldn\'t statvfs: "/srv/small/new": No such file\n', canceled: false }) },
    } as unknown as Job;
    const target = new SshTarget(job.host, "/k/backup");
    const answers = await freeSpaceOnClient(job, target, ["/srv/small/new", "/home"]);
    expect(ran).toHaveLength(1);
    expect(answers).toEqual([
      { path: "/srv/small/new", measuredAt: "/srv", sizeBytes: 8192 * 1024, availableBytes: 7168 * 1024, filesystem: "8192/1024/7168/7168" },
      { path: "/home", measuredAt: "/home", sizeBytes: 264212084 * 1024, availableBytes: 82962312 * 1024, filesystem: "264212084/23428600/82962312/240783484" },
    ]);
  });
});
