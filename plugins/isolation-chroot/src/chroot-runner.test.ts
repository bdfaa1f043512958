import type { ServedChannelEnds } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { chrootLayout } from "./chroot-layout.js";
import { ChrootRunner, ENTER_CHROOT_SCRIPT } from "./chroot-runner.js";
import type { PreparedNeed } from "./needs.js";

const layout = chrootLayout("/var/lib/pullbak/hosts/web1");
const needs: PreparedNeed[] = [
  { name: "repository", source: "/srv/backup/web1", writable: true, kind: "dir" },
  { name: "keyfile", source: "/etc/pullbak/web1.key", writable: false, kind: "file" },
];
const settings = { borg: "borg", capabilities: ["dac_override"], restoreCapabilities: ["dac_override", "chown"], isolateNetwork: true, proc: false, scratch: 0 };
const client = "/var/lib/pullbak/hosts/web1/client";

describe("a command run chrooted", () => {
  const runner = new ChrootRunner(layout, client, needs, settings);

  it("spells pullbak's paths under /.pullbak and client paths as they are", () => {
    expect(runner.pathOf("repository")).toBe("/.pullbak/repository");
    expect(() => runner.pathOf("cache")).toThrow(/no need named cache/);
    expect(runner.clientPath("/etc")).toBe("/etc");
    expect(runner.added).toEqual(["/.pullbak", "/dev", "/proc", "/sys"]);
  });

  it("runs through unshare and the shipped script, with every value its own argument", () => {
    const secret = { bytes: new Uint8Array([1, 2]), envVar: "BORG_PASSPHRASE_FD" };
    const wrapped = runner.wrap({ argv: ["borg", "create", "/.pullbak/repository::a", "/"], env: { BORG_CACHE_DIR: "/.pullbak/cache" }, secret, killSignal: "SIGINT" });
    expect(wrapped.argv).toEqual([
      "unshare", "--mount", "--propagation", "private", "--net", "--ipc", "--",
      "/bin/sh", ENTER_CHROOT_SCRIPT, "overlay",
      client, layout.upper, layout.work, layout.merged,
      "--need", "repository", "/srv/backup/web1", "rw-dir",
      "--need", "keyfile", "/etc/pullbak/web1.key", "ro-file",
      "--caps", "cap_dac_override",
      "--exec", "borg", "--", "create", "/.pullbak/repository::a", "/",
    ]);
    expect(wrapped.env).toEqual({ TMPDIR: "/.pullbak/tmp", BORG_CACHE_DIR: "/.pullbak/cache" });
    expect(wrapped.secret).toBe(secret);
    expect(wrapped.killSignal).toBe("SIGINT");
    expect(wrapped.cwd).toBeUndefined();
  });

  it("runs the configured borg, a working directory inside the chroot, and keeps a caller's TMPDIR", () => {
    const custom = new ChrootRunner(layout, client, [], { ...settings, borg: "/opt/borg/bin/borg", isolateNetwork: false, proc: true, capabilities: [] });
    expect(custom.wrap({ argv: ["true"] }).argv).toContain("overlay");
    const wrapped = custom.wrap({ argv: ["borg", "extract"], cwd: "/srv", env: { TMPDIR: "/.pullbak/borg-tmp" } });
    expect(wrapped.argv).not.toContain("--net");
    expect(wrapped.argv).not.toContain("--caps");
    expect(wrapped.argv.slice(wrapped.argv.indexOf(layout.merged) + 1)).toEqual(["--proc", "--chdir", "/srv", "--exec", "/opt/borg/bin/borg", "--", "extract"]);
    expect(wrapped.env?.TMPDIR).toBe("/.pullbak/borg-tmp");
  });
});

describe("the chroot's scratch space (issue 10, quota)", () => {
  it("asks the script for a tmpfs of that many bytes, right after the layout's paths (or --hidden)", () => {
    const capped = new ChrootRunner(layout, client, [], { ...settings, scratch: 8388608 });
    const argv = capped.wrap({ argv: ["true"] }).argv;
    expect(argv.slice(argv.indexOf(layout.merged) + 1, argv.indexOf(layout.merged) + 3)).toEqual(["--scratch", "8388608"]);
    const restore = new ChrootRunner(layout, client, [], { ...settings, scratch: 8388608 }, "through").wrap({ argv: ["true"] }).argv;
    expect(restore[restore.indexOf("--hidden") + 2]).toBe("--scratch");
    expect(runnerArgv(0)).not.toContain("--scratch");
  });
});

function runnerArgv(scratch: number): string[] {
  return new ChrootRunner(layout, client, [], { ...settings, scratch }).wrap({ argv: ["true"] }).argv;
}

describe("a command run chrooted for a restore", () => {
  it("binds the client's files through and keeps the restore capabilities", () => {
    const runner = new ChrootRunner(layout, client, [], settings, "through");
    const argv = runner.wrap({ argv: ["borg", "extract"] }).argv;
    expect(argv.slice(argv.indexOf(ENTER_CHROOT_SCRIPT) + 1, argv.indexOf(ENTER_CHROOT_SCRIPT) + 3)).toEqual(["through", client]);
    expect(argv.slice(argv.indexOf("--caps"), argv.indexOf("--caps") + 2)).toEqual(["--caps", "cap_dac_override,cap_chown"]);
  });

  it("puts the needs under a name random per run, which no link the client planted can know", () => {
    const runner = new ChrootRunner(layout, client, needs, settings, "through");
    const path = runner.pathOf("repository");
    const hidden = /^\/\.pullbak\/([0-9a-f]{32})\/repository$/.exec(path)?.[1];
    expect(hidden).toBeDefined();
    const wrapped = runner.wrap({ argv: ["borg", "extract"] });
    // First after the layout's paths: the script needs it before it makes anything.
    expect(wrapped.argv.slice(wrapped.argv.indexOf(layout.merged) + 1, wrapped.argv.indexOf(layout.merged) + 3)).toEqual(["--hidden", hidden]);
    expect(wrapped.env?.TMPDIR).toBe(`/.pullbak/${hidden}/tmp`);
    expect(new ChrootRunner(layout, client, needs, settings, "through").pathOf("repository")).not.toBe(path);
  });
});

describe("a served need (the repository, for the client's borg)", () => {
  const served = {
    command: { argv: ["borg", "serve", "--append-only", "--restrict-to-repository", "/srv/backup/web1"], env: { BORG_HOST_ID: "pullbak@server" } },
    client: (channel: ServedChannelEnds) => ({ path: `ssh://pullbak-serve/srv/backup/web1`, env: { BORG_RSH: channel.relay.join(" "), TO: channel.toServer, FROM: channel.fromServer } }),
  };
  const channel = { name: "repository", dir: "/var/lib/pullbak/hosts/web1/client-code/channel-repository", served };
  const bound: PreparedNeed[] = [{ name: "channel-repository", source: channel.dir, writable: false, kind: "dir" }];

  it("is never bound: the client's program gets the channel, and the server program runs with its own environment", () => {
    const runner = new ChrootRunner(layout, client, bound, settings, "overlay", [channel]);
    expect(runner.pathOf("repository")).toBe("ssh://pullbak-serve/srv/backup/web1");
    const wrapped = runner.wrap({ argv: ["borg", "create"], env: { BORG_RSH: "ssh" } });
    expect(wrapped.env?.BORG_RSH).toBe(`/bin/sh -c cat <"$1" & exec cat >"$0" /.pullbak/channel-repository/to-server /.pullbak/channel-repository/from-server`);
    expect([wrapped.env?.TO, wrapped.env?.FROM]).toEqual(["/.pullbak/channel-repository/to-server", "/.pullbak/channel-repository/from-server"]);
    const argv = wrapped.argv;
    expect(argv.slice(argv.indexOf("--need"), argv.indexOf("--need") + 4)).toEqual(["--need", "channel-repository", channel.dir, "ro-dir"]);
    const serve = argv.slice(argv.indexOf("--serve"), argv.indexOf("--caps"));
    expect(serve.slice(0, 3)).toEqual(["--serve", channel.dir, String(serve.length - 3)]);
    expect(serve.slice(3, 5)).toEqual(["env", "-i"]);
    expect(serve).toContain("BORG_HOST_ID=pullbak@server");
    // It opens the channel itself, once it is ready (ServedNeed.command).
    expect(serve).toContain(`PULLBAK_CHANNEL_IN=${channel.dir}/to-server`);
    expect(serve).toContain(`PULLBAK_CHANNEL_OUT=${channel.dir}/from-server`);
    expect(serve.slice(-5)).toEqual(served.command.argv);
    expect(serve.join(" ")).not.toContain("BORG_RSH");
  });

  it("is the outermost wrap's inside when the view lives in a mount namespace of the run's", () => {
    const runner = new ChrootRunner(layout, client, bound, settings, "overlay", [channel], (spec) => ({ ...spec, argv: ["nsenter", "--mount=/proc/42/ns/mnt", "--", ...spec.argv] }));
    expect(runner.wrap({ argv: ["borg", "create"] }).argv.slice(0, 4)).toEqual(["nsenter", "--mount=/proc/42/ns/mnt", "--", "unshare"]);
  });
});
