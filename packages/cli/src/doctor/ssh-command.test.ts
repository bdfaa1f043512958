import { configSchema, resolveHost } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { sftpArgv, sshArgv } from "./ssh-command.js";

const config = configSchema.parse({ version: 1, hosts: { nat1: { tunnel: { port: 40022 } }, web1: { address: "192.0.2.10" } } });

describe("doctor's ssh for a tunnelled host (issue 14)", () => {
  it("reaches 127.0.0.1:PORT and checks the key pinned under the host's name", () => {
    const host = resolveHost(config, "nat1", "f");
    const ssh = sshArgv(host, "/k", [], ["true"]);
    expect(ssh).toEqual(expect.arrayContaining(["StrictHostKeyChecking=yes", "HostKeyAlias=nat1", "CheckHostIP=no"]));
    expect(ssh.slice(ssh.indexOf("-p"))).toEqual(["-p", "40022", "--", "127.0.0.1", "true"]);
    const sftp = sftpArgv(host, "/k", "/tmp/batch");
    expect(sftp.slice(sftp.indexOf("-P"))).toEqual(["-P", "40022", "--", "root@127.0.0.1"]);
  });

  it("adds no alias for a host reached directly", () => {
    expect(sshArgv(resolveHost(config, "web1", "f"), "/k", [], []).some((w) => w.startsWith("HostKeyAlias"))).toBe(false);
  });
});
