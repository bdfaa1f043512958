import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pullbak } from "./support/pullbak.js";

let dir: string;
const write = async (name: string, text: string) => {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pullbak-cli-"));
});

describe("pullbak check-config", () => {
  it("exits 78 and names the key path of a wrong port", async () => {
    const file = await write("bad.yaml", "version: 1\nhosts:\n  web1:\n    address: 192.0.2.10\n    port: twenty-two\n");
    const result = await pullbak(["--config", file, "check-config"]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain("hosts.web1.port");
    expect(result.stderr).toContain('expected number, found string "twenty-two"');
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses an unknown transport and lists the known ones", async () => {
    const file = await write("transport.yaml", "version: 1\nhosts:\n  web1: { address: 192.0.2.10, transport: sftpx }\n");
    const result = await pullbak(["--config", file, "check-config"]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain('unknown transport plugin "sftpx"');
    expect(result.stderr).toMatch(/known transport plugins: .*sshfs/);
  });

  it("accepts a good config", async () => {
    const file = await write("good.yaml", "version: 1\nhosts:\n  web1: { address: 192.0.2.10 }\n  db1: { address: 192.0.2.11, isolation: none }\n");
    const result = await pullbak(["--config", file, "check-config"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("ok (2 hosts: web1, db1)");
    expect(result.stdout).toContain("notice: no repository.storageQuota for web1, db1: a client serving endless data can fill the server's disk");
  });

  it("takes repository.storageQuota as a size (issue 10, quota) and names a bad one", async () => {
    const good = await write("quota.yaml", "version: 1\ndefaults:\n  repository: { storageQuota: 500G }\nhosts:\n  web1: { address: 192.0.2.10 }\n");
    const ok = await pullbak(["--config", good, "check-config"]);
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).not.toContain("storageQuota");
    const bad = await write("bad-quota.yaml", "version: 1\nhosts:\n  web1: { address: 192.0.2.10, repository: { storageQuota: 5M } }\n");
    const refused = await pullbak(["--config", bad, "check-config"]);
    expect(refused.exitCode).toBe(78);
    expect(refused.stderr).toContain("hosts.web1.repository.storageQuota: expected at least 10M");
  });

  it("names the file, the key and what was found for a wrong plugin option, in one line", async () => {
    const file = await write("bad-option.yaml", "version: 1\nhosts:\n  web1: { address: 192.0.2.10, options: { chroot: { scratch: 1.5 } } }\n");
    const result = await pullbak(["--config", file, "check-config"]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr.trim()).toBe(`pullbak: ${file}: hosts.web1.options.chroot (or defaults.options.chroot).scratch: expected integer, found number 1.5`);
  });

  it("says which file is missing", async () => {
    const result = await pullbak(["--config", join(dir, "nope.yaml"), "check-config"]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain("nope.yaml: cannot read the config: no such file");
  });
});

describe("pullbak plugins", () => {
  it("lists the default plugins with kind and description", async () => {
    const file = await write("plain.yaml", "version: 1\nhosts: {}\n");
    const result = await pullbak(["--config", file, "plugins"]);
    expect(result.exitCode).toBe(0);
    for (const [name, kind] of [["sshfs", "transport"], ["chroot", "isolation"], ["none", "isolation"], ["borg", "archiver"], ["tar-restore", "restorer"]]) {
      expect(result.stdout).toMatch(new RegExp(`^${name}\\s+${kind}\\s+\\S`, "m"));
    }
  });
});

describe("pullbak run --dry-run", () => {
  const config = async () => {
    await write("backup_ed25519", "not a real key: a dry run never uses it\n");
    await chmod(join(dir, "backup_ed25519"), 0o600);
    return write(
      "dry.yaml",
      [
        "version: 1",
        `stateDir: ${dir}/state`,
        "defaults:",
        `  ssh: { identityFile: ${dir}/backup_ed25519, knownHostsFile: ${dir}/known_hosts }`,
        "  repository: { path: \"/srv/backup/{host}\", passphrase: { env: PULLBAK_TEST_SECRET } }",
        "hosts:",
        "  web1: { address: 192.0.2.10, port: 2222, sources: [/etc, /home] }",
      ].join("\n"),
    );
  };

  it("prints the mounts and commands in order and touches nothing", async () => {
    const result = await pullbak(["--config", await config(), "run", "web1", "--dry-run"], { env: { PULLBAK_TEST_SECRET: "s3cret-value" } });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const out = result.stdout;
    const sshfs = out.indexOf("sshfs");
    const borgCreate = out.search(/borg .*create .*::web1-/);
    const unmount = out.lastIndexOf("stop sshfs");
    expect(sshfs).toBeGreaterThan(-1);
    expect(borgCreate).toBeGreaterThan(sshfs);
    expect(unmount).toBeGreaterThan(borgCreate);
    expect(out).toContain("root@192.0.2.10:/");
    expect(out).toContain("2222");
    expect(out).toMatch(/--files-cache[= ]ctime,size/);
    expect(out).not.toContain("s3cret-value");
    const { access } = await import("node:fs/promises");
    await expect(access(join(dir, "state"))).rejects.toThrow();
  });

  it("a --plugin name that does not exist lists the known ones", async () => {
    const result = await pullbak(["--config", await config(), "run", "web1", "--plugin", "rsync", "--dry-run"]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toMatch(/unknown plugin "rsync"; known plugins: .*sshfs \(transport\)/);
  });

  it("--plugin none swaps the isolation for this run", async () => {
    const result = await pullbak(["--config", await config(), "run", "web1", "--plugin", "none", "--dry-run"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain("chroot");
  });
});
