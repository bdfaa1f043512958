import "reflect-metadata";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { container as rootContainer } from "tsyringe";
import { describe, expect, it } from "vitest";
import type { Archiver, CreateResult } from "../contracts/archiver.js";
import type { CommandSpec } from "../contracts/command.js";
import type { ResolvedHost } from "../config/resolve-host.js";
import { PullbakError } from "../errors.js";
import { ExecaRunner } from "../process/execa-runner.js";
import { readRunRecords } from "../records/run-records.js";
import { ARCHIVER, HOOKS, ISOLATION, TRANSPORT } from "../plugins/tokens.js";
import { backup } from "./actions.js";
import { createJob, hostStateDir } from "./create-job.js";

/** A backup with a fake archiver that notes which upkeep step ran, in order. */
async function backupWith(options: { retention?: boolean; checks?: boolean; create?: () => Promise<CreateResult>; check?: () => Promise<void> }) {
  const root = await mkdtemp(join(tmpdir(), "pullbak-upkeep-"));
  const host = {
    name: "web1",
    address: "192.0.2.10",
    stateDir: join(root, "state"),
    ssh: { port: 22, aliveInterval: 15 },
    sources: ["/"],
    excludes: [],
    archiveName: "{host}-{now}",
    repository: { path: join(root, "repo"), encryption: "none" },
    hooks: [],
    ...(options.retention ? { retention: { keepDaily: 7 } } : {}),
    checks: options.checks ? [{ name: "repository", frequency: 3600 }] : [],
  } as unknown as ResolvedHost;
  const steps: string[] = [];
  const archiver: Archiver = {
    needs: () => [],
    init: async () => {},
    create: options.create ?? (async () => ({ archive: "web1-now", warnings: [] })),
    list: async () => [],
    extract: async () => {},
    exportTar: async () => ({ argv: [] }),
    check: async (_job, _runner, request) => {
      steps.push(`check ${request?.only}`);
      await options.check?.();
    },
    prune: async (_job, _runner, request) => {
      steps.push(`prune ${JSON.stringify(request.retention)} ${request.archiveName}`);
      return { decisions: [] };
    },
    compact: async () => {
      steps.push("compact");
      return { bytesBefore: 2, bytesAfter: 1 };
    },
  };
  const container = rootContainer.createChildContainer();
  container.register(TRANSPORT, { useValue: { open: async () => ({ root }) } });
  container.register(ISOLATION, { useValue: { enter: async () => ({ pathOf: () => "", clientPath: (p: string) => p, added: [], wrap: (s: CommandSpec) => s }) } });
  container.register(ARCHIVER, { useValue: archiver });
  container.register(HOOKS, { useValue: [] });
  const controller = new AbortController();
  const log = { info() {}, debug() {}, progress() {}, warn() {} };
  const job = createJob({ host, commands: new ExecaRunner(controller.signal), log, signal: controller.signal });
  const error = await backup(container, job).then(
    () => undefined,
    (e: unknown) => e as PullbakError,
  );
  return { steps, error, records: await readRunRecords(hostStateDir(host)) };
}

describe("upkeep after a backup (issue 12)", () => {
  it("prunes by the host's retention, compacts, then runs the due checks, each with its run record", async () => {
    const { steps, error, records } = await backupWith({ retention: true, checks: true });
    expect(error).toBeUndefined();
    expect(steps).toEqual(['prune {"keepDaily":7} {host}-{now}', "compact", "check repository"]);
    expect(records.map((r) => `${r.action}:${r.result}`)).toEqual(["prune:ok", "compact:ok", "check:ok"]);
  });

  it("a failed backup never prunes, compacts or checks", async () => {
    const { steps, error } = await backupWith({
      retention: true,
      checks: true,
      create: async () => {
        throw new PullbakError("ARCHIVER_FAILED", "host web1: borg create failed (exit 2): no space");
      },
    });
    expect(error).toMatchObject({ code: "ARCHIVER_FAILED" });
    expect(steps).toEqual([]);
  });

  it("a host without retention is never pruned", async () => {
    const { steps } = await backupWith({ checks: true });
    expect(steps).toEqual(["check repository"]);
  });

  it("a failed check fails the run (exit 2), naming the archive created and the check", async () => {
    const { error, records } = await backupWith({
      checks: true,
      check: async () => {
        throw new PullbakError("ARCHIVER_FAILED", "host web1: borg check --repository-only found problems in /srv/backup/web1: segment 3 CRC error");
      },
    });
    expect(error).toMatchObject({ code: "ARCHIVER_FAILED" });
    expect(error?.message).toBe(
      "host web1: archive web1-now was created, then check repository failed: borg check --repository-only found problems in /srv/backup/web1: segment 3 CRC error",
    );
    expect(records.at(-1)).toMatchObject({ action: "check", result: "failed", exitCode: 2 });
  });
});
