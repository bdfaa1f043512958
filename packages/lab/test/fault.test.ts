import { describe, expect, it } from "vitest";
import { labStatus, startSshd, stopSshd } from "../src/index.js";
import { useLab } from "../src/testing.js";
import { sftpBatch } from "./lab-ssh.js";

// Fault tests need a client that vanishes mid-way and comes back.
describe("stopping and starting a lab host's sshd", () => {
  const env = useLab(1);

  it("makes the host unreachable, then reachable again as the same machine", async () => {
    const { lab } = env;
    const host = lab.hosts[0]!;
    expect((await sftpBatch(lab, host, "backup", ["ls /etc/hostname"])).exitCode).toBe(0);

    await stopSshd(host);
    expect(host.sshdPid).toBe(0);
    expect((await labStatus({ dir: lab.dir }))[0]?.up).toBe(false);
    const refused = await sftpBatch(lab, host, "backup", ["ls /etc/hostname"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/Connection refused/);

    await startSshd(lab, host);
    expect(host.sshdPid).toBeGreaterThan(0);
    expect((await labStatus({ dir: lab.dir }))[0]).toMatchObject({ up: true, sshdPid: host.sshdPid });
    // Same host key: known_hosts still matches after the restart.
    expect((await sftpBatch(lab, host, "backup", ["ls /etc/hostname"])).exitCode).toBe(0);
  });
});
