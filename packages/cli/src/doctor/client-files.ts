import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PullbakError } from "@pullbak/core";
import type { DoctorContext } from "./doctor-context.js";
import { sftpQuote } from "@pullbak/transport-sshfs";
import { lastLine, MAX_FETCHED_BYTES, runSftp } from "./sftp-batch.js";

/** Glob patterns pullbak hands to sftp unquoted (so `*` still globs): plain characters only. */
const PLAIN_PATTERN = /^\/[A-Za-z0-9/._*?[\]!+@,=:%-]*$/;

/**
 * Reads client files over sftp with the backup key, into the doctor's work
 * dir under a name pullbak picks: the client's kernel resolves the path (its
 * own symlinks, inside its own tree), nothing is mounted on the server, and
 * a file over MAX_FETCHED_BYTES is refused.
 */
export class ClientFiles {
  constructor(private readonly ctx: DoctorContext) {}

  get #key(): string {
    return this.ctx.host.ssh.identityFile;
  }

  /** A client file's text; undefined when it does not exist. */
  async read(path: string): Promise<string | undefined> {
    const local = join(this.ctx.workDir, randomUUID());
    const outcome = await runSftp(this.ctx, this.#key, [`get ${sftpQuote(path)} ${sftpQuote(local)}`]);
    if (outcome.exitCode === 0) return readFile(local, "utf8");
    const said = lastLine(outcome.stderr);
    if (/not found|No such file/.test(said)) return undefined;
    // prlimit's RLIMIT_FSIZE ends sftp with SIGXFSZ (exit 128 + 25).
    const why = outcome.exitCode === 153 ? `it is larger than ${MAX_FETCHED_BYTES} bytes` : said || `sftp exit ${outcome.exitCode}`;
    throw new PullbakError("COMMAND_FAILED", `cannot read ${path} on ${this.ctx.host.name} over sftp: ${why}`);
  }

  /** The client paths a glob pattern matches (sorted as glob(3) sorts them in the C locale); [] for none. */
  async glob(pattern: string): Promise<string[]> {
    if (!/[*?[]/.test(pattern)) return [pattern];
    if (!PLAIN_PATTERN.test(pattern)) {
      throw new PullbakError("UNSAFE_CLIENT_PATH", `cannot expand ${JSON.stringify(pattern)} over sftp (unusual characters); check it by hand`);
    }
    const outcome = await runSftp(this.ctx, this.#key, [`ls -1 ${pattern}`]);
    if (outcome.exitCode !== 0) {
      const said = lastLine(outcome.stderr);
      if (/not found|No such file/.test(said)) return [];
      throw new PullbakError("COMMAND_FAILED", `cannot list ${pattern} on ${this.ctx.host.name} over sftp: ${said || `exit ${outcome.exitCode}`}`);
    }
    return outcome.lines.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /** `ls -l` of each path (sftp follows the client's symlinks there, on the client): what exists, with mode and size. */
  async stat(paths: readonly string[]): Promise<Map<string, { mode: string; size: number }>> {
    const found = new Map<string, { mode: string; size: number }>();
    if (paths.length === 0) return found;
    // A leading `-` keeps the batch going past a path that does not exist.
    const outcome = await runSftp(this.ctx, this.#key, paths.map((path) => `-ls -l ${sftpQuote(path)}`));
    for (const line of outcome.lines) {
      const match = /^([-dlcbps][-rwxsStT]{9})\s+\S+\s+\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+\S+\s+(.*)$/.exec(line);
      if (match && paths.includes(match[3]!)) found.set(match[3]!, { mode: match[1]!, size: Number(match[2]) });
    }
    return found;
  }
}
