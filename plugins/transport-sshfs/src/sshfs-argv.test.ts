import { describe, expect, it } from "vitest";
import { testHost } from "./__fixtures__/fake-job.js";
import { sshfsArgv } from "./sshfs-argv.js";
import { parseSshfsHelp } from "./sshfs-features.js";
import { SshTarget } from "@pullbak/ssh";

const debianHelp = `    -o transform_symlinks  transform absolute symlinks to relative
    -o contain_symlinks    reject absolute symlinks and symlinks containing ..
                           (enabled by default; disable with no_contain_symlinks)
    -o no_contain_symlinks allow all symlink targets including absolute and ..
    -o follow_symlinks     follow symlinks on the server`;
const upstream37 = `    -o transform_symlinks  transform absolute symlinks to relative
    -o follow_symlinks     follow symlinks on the server`;

function optionsOf(argv: string[]): string[] {
  return argv[argv.indexOf("-o") + 1]!.split(",");
}

describe("the sshfs command", () => {
  const target = new SshTarget(testHost(), "/etc/pullbak/keys/backup");

  it("detects no_contain_symlinks from sshfs --help", () => {
    expect(parseSshfsHelp(debianHelp).noContainSymlinks).toBe(true);
    expect(parseSshfsHelp(upstream37).noContainSymlinks).toBe(false);
  });

  it("checks the host key against pullbak's known_hosts only and never prompts", () => {
    const argv = sshfsArgv(target, "/var/lib/pullbak/hosts/web1/client", { noContainSymlinks: true }, { readOnly: true, reconnect: true, dirCache: true });
    expect(argv.slice(0, 4)).toEqual(["sshfs", "-f", "-F", "none"]);
    expect(optionsOf(argv)).toEqual([
      "UserKnownHostsFile=/etc/pullbak/known_hosts",
      "GlobalKnownHostsFile=none",
      "StrictHostKeyChecking=yes",
      "UpdateHostKeys=no",
      "BatchMode=yes",
      "PreferredAuthentications=publickey",
      "IdentitiesOnly=yes",
      "IdentityFile=/etc/pullbak/keys/backup",
      "ServerAliveInterval=15",
      "ServerAliveCountMax=3",
      "ConnectTimeout=7",
      "reconnect",
      "allow_other",
      "dir_cache=yes",
      "ro",
      "no_contain_symlinks",
    ]);
    expect(argv.slice(-2)).toEqual(["root@192.0.2.10:/", "/var/lib/pullbak/hosts/web1/client"]);
    expect(argv.slice(4, 6)).toEqual(["-p", "2222"]);
    expect(argv.join(" ")).not.toMatch(/StrictHostKeyChecking=no|\/dev\/null/);
  });

  it("mounts read-write only when asked, and leaves out what sshfs does not know", () => {
    const options = optionsOf(sshfsArgv(target, "/m", { noContainSymlinks: false }, { readOnly: false, reconnect: false, dirCache: false }));
    expect(options).not.toContain("ro");
    expect(options).not.toContain("reconnect");
    expect(options).not.toContain("no_contain_symlinks");
    expect(options).toContain("dir_cache=no");
  });

  it("brackets an IPv6 address for sshfs", () => {
    const v6 = new SshTarget(testHost({ address: "2001:db8::10" }), "/k");
    expect(v6.sshfsSource).toBe("root@[2001:db8::10]:/");
  });

  it("refuses a known_hosts path that would inject an sshfs option", () => {
    expect(() => new SshTarget(testHost({}, { knownHostsFile: "/etc/kh,allow_root" }), "/k")).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});

describe("a command on the client over ssh", () => {
  it("ends ssh's options before the destination and quotes each remote word", () => {
    const target = new SshTarget(testHost(), "/etc/pullbak/keys/tar");
    const argv = target.sshArgv([], ["tar", "--extract", "--file=-", "it's here; rm -rf /"]);
    expect(argv.slice(0, 3)).toEqual(["ssh", "-F", "none"]);
    expect(argv).toContain("StrictHostKeyChecking=yes");
    expect(argv.slice(argv.indexOf("-i"), argv.indexOf("-i") + 4)).toEqual(["-i", "/etc/pullbak/keys/tar", "-p", "2222"]);
    const end = argv.indexOf("--");
    expect(argv.slice(end)).toEqual(["--", "root@192.0.2.10", "tar", "--extract", "--file=-", `'it'\\''s here; rm -rf /'`]);
    expect(argv.filter((word) => word.startsWith("IdentityFile="))).toEqual([]);
  });
});

describe("a host reached through a reverse tunnel (issue 14)", () => {
  const tunnelled = testHost({ address: "127.0.0.1", tunnel: { port: 40022, account: "pullbak-tunnel", serverPort: 22 } }, { port: 40022 });

  it("mounts 127.0.0.1:PORT with the host key looked up under the host's name, still strictly", () => {
    const target = new SshTarget(tunnelled, "/etc/pullbak/keys/backup");
    const argv = sshfsArgv(target, "/var/lib/pullbak/hosts/web1/client", { noContainSymlinks: true }, { readOnly: true, reconnect: false, dirCache: true });
    expect(argv.slice(argv.indexOf("-p"), argv.indexOf("-p") + 2)).toEqual(["-p", "40022"]);
    expect(optionsOf(argv)).toEqual(expect.arrayContaining(["StrictHostKeyChecking=yes", "HostKeyAlias=web1", "CheckHostIP=no", "UserKnownHostsFile=/etc/pullbak/known_hosts"]));
    expect(target.sshfsSource).toBe("root@127.0.0.1:/");
    expect(target.knownHostsName).toBe("web1");
  });

  it("runs client commands over the same tunnel and pin", () => {
    const argv = new SshTarget(tunnelled, "/etc/pullbak/keys/tar").sshArgv([], ["true"]);
    expect(argv).toContain("HostKeyAlias=web1");
    expect(argv.slice(argv.indexOf("-p"), argv.indexOf("-p") + 2)).toEqual(["-p", "40022"]);
    expect(argv.slice(argv.indexOf("--"))).toEqual(["--", "root@127.0.0.1", "true"]);
  });
});
