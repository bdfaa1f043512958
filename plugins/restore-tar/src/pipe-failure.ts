import { PullbakError, type CommandResult } from "@pullbak/core";
import { clientRefusalHint } from "./client-refusal.js";
import { stderrSummary } from "./stderr-summary.js";

/** ssh's own failures (cannot connect, host key, auth) exit 255; the remote command's status is passed through otherwise. */
const SSH_FAILED = 255;

/** A producer that only stopped because the consumer went away says so; that is not the cause. */
function diedOfBrokenPipe(result: CommandResult): boolean {
  return result.exitCode === 141 || /broken ?pipe|EPIPE/i.test(result.stderr);
}

export interface PipeEnds {
  producer: CommandResult;
  consumer: CommandResult;
}

/**
 * Turns the outcome of `borg export-tar | ssh client tar -x` into the error
 * the user should see, or undefined when both ends succeeded. The client's
 * end leads when it failed: the producer then usually died of a broken pipe.
 */
/**
 * What the client's end said: its stderr, or else its stdout (where sshd and
 * nologin put their refusals, see client-refusal.ts), with a hint naming the
 * key and the fix when the words are known.
 */
function clientSaid(consumer: CommandResult, host: { name: string }, keyFile: string | undefined): string {
  const stderr = stderrSummary(consumer.stderr);
  const said = stderr !== "(no message)" ? stderr : stderrSummary(consumer.stdout ?? "", 2);
  const hint = keyFile ? clientRefusalHint(said, keyFile, host.name) : undefined;
  return hint ? `${said} (${hint})` : said;
}

export function pipeFailure(host: { name: string; address: string }, ends: PipeEnds, keyFile?: string): PullbakError | undefined {
  const { producer, consumer } = ends;
  if (producer.exitCode === 0 && consumer.exitCode === 0) return undefined;
  const borgPart = `borg export-tar exited ${producer.exitCode}: ${stderrSummary(producer.stderr)}`;
  const alsoBorg = producer.exitCode !== 0 && !diedOfBrokenPipe(producer) ? ` (and ${borgPart})` : "";
  if (consumer.exitCode === SSH_FAILED) {
    return new PullbakError(
      "CLIENT_UNREACHABLE",
      `host ${host.name} (${host.address}): ssh to the client failed: ${stderrSummary(consumer.stderr)}${alsoBorg}`,
    );
  }
  if (consumer.exitCode !== 0 && (producer.exitCode === 0 || diedOfBrokenPipe(producer))) {
    return new PullbakError("COMMAND_FAILED", `host ${host.name}: tar on the client exited ${consumer.exitCode}: ${clientSaid(consumer, host, keyFile)}`);
  }
  if (consumer.exitCode !== 0) {
    // Both failed and borg did not die of the pipe: borg is the likely cause, tar saw a truncated stream.
    return new PullbakError(
      "ARCHIVER_FAILED",
      `host ${host.name}: ${borgPart}; tar on the client then exited ${consumer.exitCode}: ${clientSaid(consumer, host, keyFile)}`,
    );
  }
  // Exit 1 is borg's "finished with warnings" (e.g. a path that matched nothing): tar got what there was.
  const code = producer.exitCode === 1 ? "ARCHIVER_WARNING" : "ARCHIVER_FAILED";
  return new PullbakError(code, `host ${host.name}: ${borgPart}`);
}
