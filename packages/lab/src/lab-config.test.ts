import { describe, expect, it } from "vitest";
import { labConfigText } from "./lab-config.js";
import { labPaths } from "./lab-paths.js";
import type { LabHost } from "./lab-types.js";

const host = (name: string, address: string): LabHost => ({
  name,
  hostname: `${name}.pullbak.test`,
  address,
  port: 22,
  netns: "pullbak-lab-0",
  rootDir: `/tmp/lab/hosts/${name}/root`,
  sshdPid: 1,
});

describe("labConfigText", () => {
  it("writes the documented shape with every path quoted", () => {
    const text = labConfigText(labPaths("/tmp/lab"), [host("lab1", "10.213.0.2"), host("lab2", "10.213.0.6")]);
    expect(text).toBe(
      [
        '# pullbak config for the lab in "/tmp/lab", written by @pullbak/lab.',
        "version: 1",
        'stateDir: "/tmp/lab/state"',
        "defaults:",
        "  ssh:",
        '    user: "root"',
        '    identityFile: "/tmp/lab/keys/backup"',
        '    knownHostsFile: "/tmp/lab/known_hosts"',
        '    keys: { restore: "/tmp/lab/keys/restore", tar: "/tmp/lab/keys/tar" }',
        "  repository:",
        '    path: "/tmp/lab/repos/{host}"',
        '    encryption: "repokey-blake2"',
        '    passphrase: { file: "/tmp/lab/passphrase" }',
        '  sources: ["/"]',
        '  excludes: ["/dev", "/proc", "/sys", "/run", "/tmp", "/var/log", "/usr", "/etc/alternatives"]',
        "hosts:",
        '  lab1: { address: "10.213.0.2", port: 22 }',
        '  lab2: { address: "10.213.0.6", port: 22 }',
        "",
      ].join("\n"),
    );
  });

  it("quotes a lab dir that YAML would otherwise misread", () => {
    const text = labConfigText(labPaths('/tmp/a "lab": #1'), [host("lab1", "10.213.0.2")]);
    expect(text).toContain('stateDir: "/tmp/a \\"lab\\": #1/state"');
  });
});
