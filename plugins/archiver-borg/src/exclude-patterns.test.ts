import { serverRunner, type Runner } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { excludeArguments } from "./exclude-patterns.js";

const relative: Runner = {
  ...serverRunner([]),
  clientPath: () => {
    throw new Error("isolation none checks each client path for symlinks; an exclude is no path to check");
  },
  added: ["/.pullbak"],
};

describe("excludeArguments", () => {
  it("excludes the isolation's added paths as path prefixes, before the host's excludes", () => {
    const chroot: Runner = { ...serverRunner([]), added: ["/.pullbak", "/dev", "/proc", "/sys"] };
    expect(excludeArguments(chroot, ["/tmp", "*.swp"])).toEqual([
      "--exclude=pp:/.pullbak",
      "--exclude=pp:/dev",
      "--exclude=pp:/proc",
      "--exclude=pp:/sys",
      "--exclude=/tmp",
      "--exclude=*.swp",
    ]);
  });

  it("passes patterns as written, not through the runner's path spelling (borg drops the leading '/')", () => {
    expect(excludeArguments(relative, ["/var/tmp", "/home/*/.cache", "sh:/srv/**/*.log", "re:^etc/"])).toEqual([
      "--exclude=pp:/.pullbak",
      "--exclude=/var/tmp",
      "--exclude=/home/*/.cache",
      "--exclude=sh:/srv/**/*.log",
      "--exclude=re:^etc/",
    ]);
  });

  it("keeps a pattern that starts with '-' an option value", () => {
    expect(excludeArguments({ ...serverRunner([]), added: [] }, ["-rf"])).toEqual(["--exclude=-rf"]);
  });
});
