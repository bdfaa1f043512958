import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createJob,
  ExecaRunner,
  serverRunner,
  type CommandRunner,
  type Job,
  type Logger,
  type RepositoryConfig,
  type ResolvedHost,
  type Runner,
} from "@pullbak/core";
import { afterAll, beforeAll } from "vitest";
import { borgArchiver } from "../borg-archiver.js";
import { clientTree } from "./client-tree.js";

/** A Logger that keeps every line, so tests can assert what the user would see. */
export class RecordingLogger implements Logger {
  readonly lines: Array<{ level: "info" | "warn" | "debug" | "progress"; message: string }> = [];
  info = (message: string) => void this.lines.push({ level: "info", message });
  warn = (message: string) => void this.lines.push({ level: "warn", message });
  debug = (message: string) => void this.lines.push({ level: "debug", message });
  progress = (message: string) => void this.lines.push({ level: "progress", message });
  of(level: "info" | "warn" | "debug" | "progress"): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.message);
  }
}

export interface TestHost {
  dir: string;
  host: ResolvedHost;
  passphraseFile: string;
  archiver: ReturnType<typeof borgArchiver>;
  /** A fresh job (the passphrase is read once per job, as in a real run). */
  job(options?: { commands?: (signal: AbortSignal) => CommandRunner }): { job: Job; log: RecordingLogger; controller: AbortController };
  /** Runs on the server as it is, as the engine does for init and list. */
  server(job: Job): Runner;
  cleanup(): Promise<void>;
}

export async function testHost(options: { encryption?: RepositoryConfig["encryption"]; passphrase?: string | null } = {}): Promise<TestHost> {
  const dir = await mkdtemp(join(tmpdir(), "pullbak-borg-"));
  const passphraseFile = join(dir, "passphrase");
  const withPassphrase = options.passphrase !== null;
  if (withPassphrase) {
    await writeFile(passphraseFile, `${options.passphrase ?? "correct horse battery staple"}\n`);
    await chmod(passphraseFile, 0o600);
  }
  const host: ResolvedHost = {
    name: "unit-web1",
    address: "192.0.2.10",
    stateDir: join(dir, "state"),
    plugins: { transport: "sshfs", isolation: "none", archiver: "borg", restorer: "extract" },
    hooks: [],
    ssh: {
      user: "root",
      port: 22,
      identityFile: "/nonexistent/id",
      knownHostsFile: "/nonexistent/known_hosts",
      keys: {},
      connectTimeout: 10,
      aliveInterval: 15,
    },
    repository: {
      path: join(dir, "repos", "unit-web1"),
      encryption: options.encryption ?? "repokey-blake2",
      ...(withPassphrase ? { passphrase: { file: passphraseFile } } : {}),
    },
    sources: ["/"],
    excludes: [],
    archiveName: "{host}-{now}",
    options: {},
  };
  const archiver = borgArchiver({ oneFileSystem: true });
  return {
    dir,
    host,
    passphraseFile,
    archiver,
    job({ commands } = {}) {
      const controller = new AbortController();
      const log = new RecordingLogger();
      const runner = commands ? commands(controller.signal) : new ExecaRunner(controller.signal);
      return { job: createJob({ host, commands: runner, log, signal: controller.signal }), log, controller };
    },
    server: (job) => serverRunner(archiver.needs(job)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A runner like isolation-none's: commands run with cwd at the client's root
 * (`root`) and client paths are spelled relative to it ("/etc" -> "etc").
 */
export function rootedRunner(server: Runner, root: string, added: readonly string[] = []): Runner {
  return {
    pathOf: (name) => server.pathOf(name),
    clientPath: (path) => (path === "/" ? "." : path.replace(/^\/+/, "")),
    added,
    wrap: (spec) => ({ ...spec, cwd: root }),
  };
}

/**
 * A suite's host with a client tree and an initialised repository, made
 * before its tests and removed after them; `use` receives both.
 */
export function useInitialisedHost(use: (host: TestHost, client: string) => void): void {
  let host: TestHost | undefined;
  beforeAll(async () => {
    host = await testHost();
    const client = join(host.dir, "client");
    await clientTree(client);
    const { job } = host.job();
    await host.archiver.init(job, host.server(job));
    use(host, client);
  });
  afterAll(() => host?.cleanup());
}
