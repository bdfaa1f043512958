import { PullbakError, type Job } from "@pullbak/core";
import { classifySshFailure } from "./connection-failure.js";
import { formatFingerprints, knownFingerprints, offeredFingerprints, offeredInSshWarning } from "./host-key-fingerprints.js";
import type { SshTarget } from "@pullbak/ssh";

/**
 * sshfs hides ssh's messages ("read: Connection reset by peer" is all it
 * says), so after a failed mount the same connection is tried once with
 * plain ssh to learn why, and the failure is reported by cause. `failed`
 * names what failed (sshfs's mount, or sftp's look for client links).
 */
export async function diagnoseConnection(job: Job, target: SshTarget, sshfsStderr: string, failed = "sshfs could not mount"): Promise<PullbakError> {
  const probe = await job.commands.run({ argv: target.sshArgv(["-s"], ["sftp"]) }, { probe: true });
  const host = job.host.name;
  const where = target.label;
  if (probe.exitCode === 0) {
    return new PullbakError("COMMAND_FAILED", `host ${host}: ssh to ${where} works but ${failed} it: ${sshfsStderr.trim() || "no message"}`);
  }
  const failure = classifySshFailure(probe.stderr);
  switch (failure.kind) {
    case "unreachable":
      return new PullbakError("CLIENT_UNREACHABLE", `host ${host}: cannot reach ${where}: ${failure.detail}`);
    case "host-key-changed":
    case "host-key-unknown": {
      const name = target.knownHostsName;
      const known = await knownFingerprints(job, target.knownHostsFile, name);
      const inWarning = offeredInSshWarning(probe.stderr);
      const offered = inWarning ? [inWarning] : await offeredFingerprints(job, target.address, target.port, job.host.ssh.connectTimeout);
      const story =
        failure.kind === "host-key-changed"
          ? `the host key offered by ${where} does not match the one recorded in ${target.knownHostsFile}; someone may be intercepting the connection${job.host.tunnel ? ", another host's tunnel may hold this port" : ""}, or the client was reinstalled (then check the new key out of band and replace the entry for ${name})`
          : `no host key for ${name} is recorded in ${target.knownHostsFile}; check the offered key out of band and record it (pullbak setup-client ${host})`;
      return new PullbakError("HOST_KEY_MISMATCH", `host ${host}: ${story}. Known: ${formatFingerprints(known)}; offered: ${formatFingerprints(offered)}`);
    }
    case "key-refused":
      return new PullbakError(
        "COMMAND_FAILED",
        `host ${host}: ${target.user} on ${where} refused the key ${target.identityFile} (${failure.detail}); its public half must be in ${target.user}'s authorized_keys on the client, with the forced command its purpose needs (see pullbak setup-client ${host})`,
      );
    case "other":
      return new PullbakError("COMMAND_FAILED", `host ${host}: ${failed} ${where}: ${sshfsStderr.trim() || "no message"}; ssh said: ${failure.detail || `exit ${probe.exitCode}`}`);
  }
}
