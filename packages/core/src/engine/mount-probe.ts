import { spawn } from "node:child_process";

export type ProbeResult = { ok: true } | { ok: false; timedOut: boolean; why: string };

/** "stat: cannot read file system information for '/x': Transport endpoint is not connected" -> the reason. */
function reasonOf(stderr: string, exitCode: number | null): string {
  const last = stderr.trim().split("\n").at(-1) ?? "";
  const reason = last.slice(last.lastIndexOf(": ") + 2).trim();
  return reason || `stat exited ${exitCode ?? "by a signal"}`;
}

/**
 * Asks a mounted file system for its statistics (statfs), which a network
 * file system answers from the remote end every time: sshfs sends an SFTP
 * `statvfs@openssh.com` request, no cache in between. A directory listing
 * or a stat of the root could come from sshfs's cache and say "alive" for
 * a dead link.
 *
 * The probe is a child process, never a call in pullbak itself: once a FUSE
 * request has reached a daemon that never answers, the caller waits in the
 * kernel and not even SIGKILL frees it. So the child is left behind at the
 * deadline (killed, unref'd, no pipe held open) rather than waited for; it
 * ends when the mount answers or is cut (`umount --force`).
 */
export function probeMount(path: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const child = spawn("stat", ["--file-system", "--format=%t", "--", path], {
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
      env: { PATH: "/usr/bin:/bin", LC_ALL: "C" },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      child.stderr.destroy();
      child.unref();
      resolve({ ok: false, timedOut: true, why: `no answer within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ ok: false, timedOut: false, why: error.message });
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode === 0 ? { ok: true } : { ok: false, timedOut: false, why: reasonOf(stderr, exitCode) });
    });
  });
}
