import { describe, expect, it } from "vitest";
import { PullbakError } from "../errors.js";
import { parseConfig } from "./load-config.js";
import { resolveHost } from "./resolve-host.js";

function errorOf(text: string): PullbakError {
  try {
    parseConfig(text, "bad.yaml");
  } catch (error) {
    return error as PullbakError;
  }
  throw new Error("expected the config to be refused");
}

describe("config errors name the file, the key path, what was expected and what was found", () => {
  it("a port that is not a number", () => {
    const error = errorOf("version: 1\nhosts:\n  web1:\n    address: 192.0.2.10\n    port: twenty-two\n");
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe('bad.yaml: hosts.web1.port: expected number, found string "twenty-two"');
  });

  it("a missing required key", () => {
    expect(errorOf("version: 1\nhosts:\n  web1: { port: 22 }\n").message).toContain("bad.yaml: hosts.web1.address: expected an address (or tunnel: { port: N } for a client that opens a reverse tunnel), found nothing");
  });

  it("a misspelt key", () => {
    expect(errorOf("version: 1\nhosts:\n  web1: { address: a, sorces: [/etc] }\n").message).toContain('hosts.web1: unknown key "sorces"');
  });

  it("a relative source path", () => {
    expect(errorOf("version: 1\nhosts:\n  web1: { address: a, sources: [etc] }\n").message).toContain("hosts.web1.sources.0: expected an absolute path");
  });

  it("a passphrase source of no known form", () => {
    const message = errorOf("version: 1\ndefaults:\n  repository: { passphrase: { vault: x } }\nhosts: {}\n").message;
    expect(message).toContain("defaults.repository.passphrase: expected one of {command: ...}, {file: /path}, {env: NAME}");
  });

  it("a YAML syntax error with its line", () => {
    const error = errorOf("version: 1\nhosts:\n  web1: [\n");
    expect(error.code).toBe("CONFIG_SYNTAX");
    expect(error.message).toMatch(/^bad\.yaml: YAML syntax error at line \d+/);
  });

  it("the wrong version", () => {
    expect(errorOf("version: 2\nhosts: {}\n").message).toBe("bad.yaml: version: expected 1, found number 2");
  });
});

describe("a host's settings", () => {
  const text = `
version: 1
defaults:
  ssh: { identityFile: /etc/pullbak/id_ed25519, keys: { restore: /k/restore } }
  repository: { path: "/srv/backup/{host}", passphrase: { command: "pass show borg" } }
  excludes: [/tmp]
hosts:
  web1: { address: 192.0.2.10, port: 12345, sources: [/etc, /home], ssh: { keys: { tar: /k/tar } } }
  legacy: { address: legacy.example.org, isolation: none }
`;
  const { config } = parseConfig(text, "pullbak.yaml");

  it("take the host's values over the defaults over pullbak's own", () => {
    const web1 = resolveHost(config, "web1", "pullbak.yaml");
    expect(web1.ssh.port).toBe(12345);
    expect(web1.ssh.identityFile).toBe("/etc/pullbak/id_ed25519");
    expect(web1.ssh.keys).toEqual({ restore: "/k/restore", tar: "/k/tar" });
    expect(web1.repository.path).toBe("/srv/backup/web1");
    expect(web1.sources).toEqual(["/etc", "/home"]);
    expect(web1.excludes).toEqual(["/tmp"]);
    expect(web1.plugins).toEqual({ transport: "sshfs", isolation: "chroot", archiver: "borg", restorer: "tar-restore" });
  });

  it("pick plugins per host", () => {
    expect(resolveHost(config, "legacy", "pullbak.yaml").plugins.isolation).toBe("none");
  });

  it("an unknown host lists the known ones", () => {
    expect(() => resolveHost(config, "web2", "pullbak.yaml")).toThrow('pullbak.yaml: no host "web2" under hosts (known: web1, legacy)');
  });
});
