import { serverRunner, type ResolvedHost } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { borgEnvironment } from "./borg-environment.js";

const runner = serverRunner([
  { name: "repository", source: "/srv/backup/web1", writable: true },
  { name: "borg-config", source: "/s/borg/config", writable: true },
  { name: "borg-cache", source: "/s/borg/cache", writable: true },
  { name: "borg-security", source: "/s/borg/security", writable: true },
  { name: "borg-tmp", source: "/s/borg/tmp", writable: true },
]);

function hostWith(encryption: ResolvedHost["repository"]["encryption"]): ResolvedHost {
  return { repository: { path: "/srv/backup/web1", encryption } } as ResolvedHost;
}

describe("borgEnvironment", () => {
  it("puts borg's dirs where the runner sees them and answers every question borg can ask", () => {
    const env = borgEnvironment(runner, hostWith("repokey-blake2"));
    expect(env).toMatchObject({
      BORG_CONFIG_DIR: "/s/borg/config",
      BORG_KEYS_DIR: "/s/borg/config/keys",
      BORG_CACHE_DIR: "/s/borg/cache",
      BORG_SECURITY_DIR: "/s/borg/security",
      TMPDIR: "/s/borg/tmp",
      BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes",
      BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: "no",
      BORG_CHECK_I_KNOW_WHAT_I_AM_DOING: "NO",
      BORG_DELETE_I_KNOW_WHAT_I_AM_DOING: "NO",
      BORG_DISPLAY_PASSPHRASE: "no",
      BORG_EXIT_CODES: "legacy",
      TZ: "UTC",
    });
    expect(env.BORG_HOST_ID).toMatch(/^pullbak@/);
  });

  it("never carries a passphrase (BORG_PASSPHRASE_FD comes with the secret, from the command runner)", () => {
    const names = Object.keys(borgEnvironment(runner, hostWith("repokey")));
    expect(names.filter((n) => /PASS/.test(n))).toEqual(["BORG_DISPLAY_PASSPHRASE"]);
  });

  it("accepts an unknown unencrypted repository only where the config says it is unencrypted", () => {
    for (const mode of ["none", "authenticated", "authenticated-blake2"] as const) {
      expect(borgEnvironment(runner, hostWith(mode)).BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK).toBe("yes");
    }
    for (const mode of ["repokey", "repokey-blake2", "keyfile", "keyfile-blake2"] as const) {
      expect(borgEnvironment(runner, hostWith(mode)).BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK).toBe("no");
    }
  });
});
