/**
 * Retention (issue 12): prune keeps exactly what borg's documented rules keep
 * (borg help prune), only among the host's own archive names; compact gives
 * the space back. A local repository on the server, shared by two hosts; no
 * lab host (upkeep never touches a client).
 */
import { access, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { archiveNames, bytesUnder, ok, randomFile, upkeepFixture, type UpkeepFixture } from "./upkeep-support.js";

/** Nightly-ish archives of web1, newest last. 2026-03-02 is a Monday (ISO week 10). */
const WEB1 = [
  "2026-01-05T01:00:00Z",
  "2026-01-20T01:00:00Z",
  "2026-02-10T01:00:00Z",
  "2026-02-25T01:00:00Z",
  "2026-03-01T01:00:00Z",
  "2026-03-02T01:00:00Z",
  "2026-03-03T01:00:00Z",
  "2026-03-03T13:00:00Z",
  "2026-03-04T01:00:00Z",
];

/**
 * keepDaily 3, keepWeekly 2, keepMonthly 2, worked out by borg's rules
 * (newest first; each rule keeps the newest archive of each period not
 * already kept; a period whose newest archive an earlier rule kept is used
 * up without counting):
 * - daily: 03-04, 03-03T13 (03-03T01 is the same day), 03-02;
 * - weekly: week 10 is taken by daily's archives; week 9 -> 03-01 (its
 *   newest), 02-25 is week 9 too; week 7 -> 02-10;
 * - monthly: 2026-03 taken; 2026-02 -> 02-25; 2026-01 -> 01-20.
 * Pruned: 03-03T01 and 01-05.
 */
const KEPT: Record<string, string> = {
  "2026-03-04T01:00:00Z": "daily #1",
  "2026-03-03T13:00:00Z": "daily #2",
  "2026-03-02T01:00:00Z": "daily #3",
  "2026-03-01T01:00:00Z": "weekly #1",
  "2026-02-10T01:00:00Z": "weekly #2",
  "2026-02-25T01:00:00Z": "monthly #1",
  "2026-01-20T01:00:00Z": "monthly #2",
};
const PRUNED = ["web1-2026-03-03T01:00:00Z", "web1-2026-01-05T01:00:00Z", "web1-2026-01-02T01:00:00Z.checkpoint"];
/** Archives no web1 rule may touch: another host's, a hand-made one, one pullbak set aside as incomplete. */
const OUTSIDE = ["web2-2026-01-01T01:00:00Z", "before-upgrade", "web1-2026-01-01T01:00:00Z.incomplete.checkpoint"];

let f: UpkeepFixture;
let repository: string;

beforeAll(async () => {
  f = await upkeepFixture(
    { web1: { address: "192.0.2.10" }, web2: { address: "192.0.2.11" } },
    { retention: { keepDaily: 3, keepWeekly: 2, keepMonthly: 2 } },
  );
  repository = join(f.dir, "repos", "shared");
  // Both hosts in one repository, as some sites do.
  const document = JSON.parse(await readFile(f.config, "utf8")) as { defaults: { repository: { path: string } } };
  document.defaults.repository.path = repository;
  await writeFile(f.config, JSON.stringify(document));
  ok(await f.pullbak("init", "web1"), "pullbak init");
  const create = async (name: string, timestamp: string) => ok(await f.borg("web1", "create", "--timestamp", timestamp.replace(/Z$/, ""), `${repository}::${name}`, "data"), `borg create ${name}`);
  // The oldest web1 archive alone holds 3 MiB of unique data: compact must give it back once prune deletes it.
  await randomFile(join(f.data, "unique"), 3 * 1024 * 1024);
  await create(`web1-${WEB1[0]}`, WEB1[0]!);
  await rm(join(f.data, "unique"));
  for (const stamp of WEB1.slice(1)) await create(`web1-${stamp}`, stamp);
  await create("web1-2026-01-02T01:00:00Z.checkpoint", "2026-01-02T01:00:00Z");
  await create(OUTSIDE[0]!, "2026-01-01T01:00:00Z");
  await create(OUTSIDE[1]!, "2026-01-03T01:00:00Z");
  await create(OUTSIDE[2]!, "2026-01-01T01:00:00Z");
}, 180_000);

describe("pullbak prune", () => {
  it("--dry-run --list shows every archive with keep/prune and the rule, and changes nothing", async () => {
    const before = await archiveNames(f, "web1", repository);
    const result = ok(await f.pullbak("prune", "web1", "--dry-run", "--list"), "prune --dry-run --list");
    const lines = result.stdout.split("\n");
    for (const [stamp, rule] of Object.entries(KEPT)) expect(lines).toContain(`keep   web1-${stamp}  ${stamp}  ${rule}`);
    for (const name of PRUNED) expect(lines.some((l) => l.startsWith(`prune  ${name}  `))).toBe(true);
    expect(lines.some((l) => l.startsWith("keep   web2-2026-01-01T01:00:00Z  ") && l.endsWith("  outside"))).toBe(true);
    expect(lines.some((l) => l.startsWith("keep   before-upgrade  ") && l.endsWith("  outside"))).toBe(true);
    expect(lines.some((l) => l.startsWith("keep   web1-2026-01-01T01:00:00Z.incomplete.checkpoint  ") && l.endsWith("  incomplete"))).toBe(true);
    expect(result.stdout).toContain("web1: would prune 3 archives, kept 10 (dry run: nothing changed)");
    expect(await archiveNames(f, "web1", repository)).toEqual(before);
  });

  it("deletes exactly what borg's rules prune among web1's own names; other archives survive", async () => {
    ok(await f.pullbak("prune", "web1"), "prune");
    const expected = [...Object.keys(KEPT).map((s) => `web1-${s}`), ...OUTSIDE].sort();
    expect(await archiveNames(f, "web1", repository)).toEqual(expected);
  });

  it("compact gives back the space of the pruned archives (bytes on disk before and after)", async () => {
    const before = await bytesUnder(repository);
    const result = ok(await f.pullbak("compact", "web1"), "compact");
    const after = await bytesUnder(repository);
    expect(before - after).toBeGreaterThan(2.5 * 1024 * 1024);
    expect(result.stdout).toMatch(/^web1: compacted, .* freed\)$/m);
    ok(await f.borg("web1", "check", repository), "borg check after prune + compact");
  });

  it("writes a run record for prune and compact", async () => {
    const { readRunRecords } = await import("@pullbak/core");
    const records = await readRunRecords(join(f.stateDir, "hosts", "web1"));
    expect(records.map((r) => `${r.action}:${r.result}`)).toEqual(["prune:ok", "compact:ok"]);
  });

  it("info shows sizes, the archive count, the newest and oldest archive", async () => {
    const result = ok(await f.pullbak("info", "web1", "--json"), "info");
    const info = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({
      archiveCount: 9,
      checkpointCount: 1,
      newest: { name: "web1-2026-03-04T01:00:00Z" },
      oldest: { name: "web2-2026-01-01T01:00:00Z" },
    });
    expect(info.diskBytes).toBeGreaterThan(0);
    expect(info.deduplicatedBytes).toBeGreaterThan(0);
  });

  it("run --dry-run shows prune, compact and the due checks after the backup's own steps, and touches nothing", async () => {
    const keys = await upkeepFixture({ web1: { address: "192.0.2.10" } }, { retention: { keepDaily: 7 }, checks: [{ name: "repository", frequency: "1 week" }] });
    const key = join(keys.dir, "backup_ed25519");
    await writeFile(key, "not a real key: a dry run never uses it\n", { mode: 0o600 });
    const document = JSON.parse(await readFile(keys.config, "utf8")) as { defaults: Record<string, unknown> };
    document.defaults.ssh = { identityFile: key, knownHostsFile: join(keys.dir, "known_hosts") };
    await writeFile(keys.config, JSON.stringify(document));
    const result = ok(await keys.pullbak("run", "web1", "--dry-run"), "run --dry-run");
    const order = [/borg .*create /, /borg prune .*--glob-archives=web1-\[0-9\]/, /borg compact /, /borg check .*--repository-only/].map((re) => result.stdout.search(re));
    expect(order.every((at) => at > -1)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(result.stderr).toBe("");
    await expect(access(keys.stateDir)).rejects.toThrow();
  });

  it("a host with no retention is refused by prune and named once by check-config", async () => {
    const plain = await upkeepFixture({ a: { address: "192.0.2.20" }, b: { address: "192.0.2.21" } });
    const refused = await plain.pullbak("prune", "a");
    expect(refused.exitCode).toBe(78);
    expect(refused.stderr).toBe("pullbak: host a has no retention: it is never pruned (set retention: under the host or defaults)");
    const checked = ok(await plain.pullbak("check-config"), "check-config");
    expect(checked.stdout.match(/^notice: no retention/gm)).toHaveLength(1);
    expect(checked.stdout).toContain("notice: no retention for a, b: never pruned");
  });
});
