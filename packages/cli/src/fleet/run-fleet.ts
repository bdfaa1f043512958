import {
  abortOnSignals,
  backup,
  ExitCode,
  PullbakError,
  recordOutcome,
  restore,
  withRunRecord,
  type JobOutcome,
  type RunAction,
  type RunRecord,
} from "@pullbak/core";
import { withHostSession, type Loaded, type SessionOptions } from "../session.js";
import type { FleetDisplay } from "./fleet-display.js";
import { recordWithoutSession } from "./record-without-session.js";

export interface FleetRequest {
  hosts: readonly string[];
  /** At most this many hosts at once (`--jobs`, config `jobs`). */
  jobs: number;
  action: Extract<RunAction, "backup" | "restore">;
  /** Archive name to create (backup) or restore (`latest` allowed). */
  archive?: string | undefined;
  /** A restore's archive, paths and link policy (run-arguments.ts). */
  restoreRequest?: { archive: string; paths: string[]; allowClientLinks: boolean; ignoreFreeSpace?: boolean };
  /** Read every file again (`--full-read`). */
  fullRead?: boolean;
  session: SessionOptions;
  display: FleetDisplay;
  /** Told before each host's record is handed to the display (dry runs print their steps). */
  onHostStart?: (host: string) => void;
}

/**
 * Runs one host's job in its own session (lock, mount namespace, state dir,
 * signal) and returns its final record; `recordRun` is called exactly once
 * with it, also when the session could not be opened.
 */
async function runHost(loaded: Loaded, name: string, request: FleetRequest): Promise<RunRecord> {
  const { action, display } = request;
  const log = display.logger(name);
  const early: JobOutcome = { host: name, action, start: new Date() };
  let recorded: RunRecord | undefined;
  display.hostStarted(name, action);
  request.onHostStart?.(name);
  try {
    await withHostSession(loaded, name, { ...request.session, log }, async ({ job, container }) => {
      // The job's error is in its record; the session goes on to close.
      await withRunRecord(
        container,
        job,
        action,
        async (outcome) => {
          if (action === "restore") {
            outcome.archive = await restore(container, job, request.restoreRequest ?? { archive: request.archive!, paths: [] });
            return;
          }
          const result = await backup(container, job, request.archive, { fullRead: request.fullRead ?? false });
          Object.assign(outcome, { archive: result.archive, warnings: result.warnings, ...(result.stats ? { stats: result.stats } : {}), ...(result.fullRead ? { fullRead: result.fullRead } : {}) });
        },
        (record) => (recorded = record),
      ).catch(() => undefined);
    });
  } catch (error) {
    // The session could not be opened (lock busy, leftovers not cleaned): the job's record says so.
    if (!recorded) {
      early.error = error;
      recorded = recordOutcome(early);
      if (!request.session.dryRun) await recordWithoutSession(loaded, name, request.session.overrides ?? [], recorded, log);
    }
  }
  display.hostFinished(recorded!);
  return recorded!;
}

/** A host a fleet run did not start because it was interrupted first. */
function skippedRecord(name: string, action: RunAction, reason: string): RunRecord {
  const record = recordOutcome({ host: name, action, start: new Date(), error: new PullbakError("INTERRUPTED", reason) });
  return { ...record, result: "skipped" };
}

/**
 * Backs up (or restores) `hosts`, at most `jobs` at a time (issue #11). One
 * host's failure, hang or interrupt takes only its own slot. Ctrl-C/SIGTERM
 * interrupts every running host (each tears down as a single run does) and
 * starts no more: the rest are `skipped`, with a record each.
 *
 * @returns one record per host, in the order of `hosts`.
 */
export async function runFleet(loaded: Loaded, request: FleetRequest): Promise<RunRecord[]> {
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  const records = new Map<string, RunRecord>();
  const queue = [...request.hosts];
  try {
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        if (controller.signal.aborted) {
          const reason = `host ${name}: not started: the run was ${(controller.signal.reason as Error).message}`;
          const record = skippedRecord(name, request.action, reason);
          if (!request.session.dryRun) await recordWithoutSession(loaded, name, request.session.overrides ?? [], record, request.display.logger(name));
          records.set(name, record);
          request.display.hostFinished(record);
          continue;
        }
        records.set(name, await runHost(loaded, name, request));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(request.jobs, request.hosts.length)) }, worker));
  } finally {
    stopListening();
  }
  return request.hosts.map((name) => records.get(name)!);
}

/** The exit code of a fleet: the worst host's, 0 < 1 < 2 < 78, and 130 above all when anything was interrupted or skipped. */
export function fleetExitCode(records: readonly RunRecord[]): number {
  if (records.some((r) => r.result === "interrupted" || r.result === "skipped")) return ExitCode.interrupted;
  return Math.max(ExitCode.ok, ...records.map((r) => r.exitCode));
}
