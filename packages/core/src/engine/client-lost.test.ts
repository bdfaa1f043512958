import "reflect-metadata";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { container as rootContainer } from "tsyringe";
import { describe, expect, it } from "vitest";
import type { Archiver, CreateResult } from "../contracts/archiver.js";
import type { CommandResult, CommandRunner, CommandSpec } from "../contracts/command.js";
import type { ResolvedHost } from "../config/resolve-host.js";
import { PullbakError } from "../errors.js";
import { ARCHIVER, HOOKS, ISOLATION, TRANSPORT } from "../plugins/tokens.js";
import { backup } from "./actions.js";
import { createJob } from "./create-job.js";
import type { Job } from "../contracts/job.js";

const host = {
  name: "web1",
  address: "192.0.2.10",
  stateDir: "/nonexistent/state",
  ssh: { port: 22, aliveInterval: 15 },
  sources: ["/"],
  excludes: [],
  archiveName: "{host}",
  repository: { path: "/nonexistent/repo", encryption: "none" },
  hooks: [],
} as unknown as ResolvedHost;

/** Records commands instead of running them; a successful exit each time. */
class RecordingRunner implements CommandRunner {
  readonly dryRun = false;
  readonly commands: string[] = [];
  async run(spec: CommandSpec): Promise<CommandResult> {
    this.commands.push(spec.argv.join(" "));
    return { exitCode: 0, stdout: "", stderr: "", canceled: false };
  }
  async pipe(): Promise<never> {
    throw new Error("no pipes here");
  }
  note(): void {}
}

/**
 * A backup against a client whose mount point is `root`: an existing
 * directory answers the watchdog's probe, a missing one fails it as a dead
 * sshfs mount does.
 */
async function backupWith(root: string, create: (job: Job) => Promise<CreateResult>) {
  const marked: string[] = [];
  const archiver: Archiver = {
    needs: () => [],
    init: async () => {},
    create,
    list: async () => [],
    extract: async () => {},
    exportTar: async () => ({ argv: [] }),
    check: async () => {},
    markIncomplete: async (_job, _runner, archive) => {
      marked.push(archive);
      return `${archive}.checkpoint`;
    },
  };
  const container = rootContainer.createChildContainer();
  container.register(TRANSPORT, { useValue: { open: async () => ({ root }) } });
  container.register(ISOLATION, { useValue: { enter: async () => ({ pathOf: () => "", clientPath: (p: string) => p, added: [], wrap: (s: CommandSpec) => s }) } });
  container.register(ARCHIVER, { useValue: archiver });
  container.register(HOOKS, { useValue: [] });
  const warnings: string[] = [];
  const log = { info() {}, debug() {}, progress() {}, warn: (m: string) => void warnings.push(m) };
  const controller = new AbortController();
  const commands = new RecordingRunner();
  const job = createJob({ host, commands, log, signal: controller.signal, abort: (reason) => controller.abort(reason) });
  const outcome = await backup(container, job).then(
    (result) => ({ result, error: undefined }),
    (error: unknown) => ({ result: undefined, error: error as PullbakError }),
  );
  return { ...outcome, marked, warnings, commands: commands.commands, aborted: controller.signal.reason as unknown };
}

const gone = "/nonexistent/pullbak-test/client";
const warned = async (): Promise<CreateResult> => ({ archive: "web1", warnings: ["srv/a: read: [Errno 5] Input/output error"] });

describe("a backup whose client vanished", () => {
  it("warnings while the client is still there stay warnings", async () => {
    const here = await mkdtemp(join(tmpdir(), "pullbak-client-"));
    const { result, marked } = await backupWith(here, warned);
    expect(result?.warnings).toHaveLength(1);
    expect(marked).toEqual([]);
  });

  it("fails (not 'warnings') when the client is gone at the end, and sets the archive aside", async () => {
    const { error, marked, commands, aborted } = await backupWith(gone, warned);
    expect(error).toMatchObject({ code: "CLIENT_UNREACHABLE" });
    expect(error?.message).toBe(
      `host web1: lost the client 192.0.2.10 (port 22): its files mounted at ${gone} stopped answering (they fail with "No such file or directory"); ` +
        "archive web1 misses what could not be read (1 warning from the archiver): it was renamed web1.checkpoint (hidden from list, its data reused by the next run)",
    );
    expect(marked).toEqual(["web1"]);
    expect(commands).toContain(`umount --force --no-canonicalize ${gone}`);
    expect(aborted).toMatchObject({ code: "CLIENT_UNREACHABLE" });
  });

  it("reports a failure the lost client caused as the lost client, quoting what the archiver said", async () => {
    const { error, warnings } = await backupWith(gone, async () => {
      throw new PullbakError("ARCHIVER_FAILED", "host web1: borg create failed (exit 2): OSError: [Errno 5] Input/output error");
    });
    expect(error).toMatchObject({ code: "CLIENT_UNREACHABLE" });
    expect(error?.message).toMatch(/^host web1: lost the client 192\.0\.2\.10 .*; archive web1 was not created \(/);
    expect(warnings).toContain("as the client went away: borg create failed (exit 2): OSError: [Errno 5] Input/output error");
  });

  it("leaves a failure with the client still there as it was", async () => {
    const here = await mkdtemp(join(tmpdir(), "pullbak-client-"));
    const failure = new PullbakError("ARCHIVER_FAILED", "host web1: borg create failed (exit 2): OSError: [Errno 28] No space left on device");
    const { error } = await backupWith(here, async () => {
      throw failure;
    });
    expect(error).toBe(failure);
  });

  it("keeps an interruption an interruption", async () => {
    const interrupted = new PullbakError("INTERRUPTED", "host web1: borg create interrupted by SIGINT");
    const { error } = await backupWith(gone, async () => {
      throw interrupted;
    });
    expect(error).toBe(interrupted);
  });

  it("reports a transport that ended by itself (sshfs at its memory cap) as that, not as a lost client", async () => {
    const ended = "host web1: the transport (sshfs) ended during the run: it reached its memory cap of 1024 MiB";
    const { error, warnings } = await backupWith(gone, async (job) => {
      job.abort?.(new PullbakError("TRANSPORT_ENDED", ended));
      throw new PullbakError("ARCHIVER_FAILED", "host web1: borg create failed (exit 2): OSError: [Errno 103] Software caused connection abort");
    });
    expect(error).toMatchObject({ code: "TRANSPORT_ENDED" });
    expect(error?.message).toMatch(/^host web1: the transport \(sshfs\) ended during the run: it reached its memory cap of 1024 MiB; archive web1 was not created/);
    expect(warnings.join("\n")).not.toMatch(/lost the client/);
  });
});
