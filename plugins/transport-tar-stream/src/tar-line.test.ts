import { spawnSync } from "node:child_process";
import type { ResolvedHost } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { streamFingerprint } from "./stream-fingerprint.js";
import { forcedTarLine, tarArgv } from "./tar-line.js";

const host = (sources: string[], excludes: string[] = []) => ({ name: "web1", sources, excludes }) as unknown as ResolvedHost;
const options = { tar: "tar", oneFileSystem: true };

describe("the client's tar line", () => {
  it("names sources relative to / after --directory=/, never with --absolute-names, and keeps names and ids", () => {
    const argv = tarArgv(host(["/srv/data/", "/home/carol"], ["/srv/data/cache", "pp:/home/carol/.cache*"]), options);
    expect(argv.slice(0, 7)).toEqual(["tar", "--create", "--file=-", "--format=posix", "--pax-option=delete=atime,delete=ctime", "--sparse", "--one-file-system"]);
    expect(argv).toContain("--directory=/");
    expect(argv.slice(argv.indexOf("--anchored"))).toEqual(["--anchored", "--wildcards", "--exclude=srv/data/cache", "--no-wildcards", "--exclude=home/carol/.cache*", "--", "srv/data", "home/carol"]);
    for (const never of ["--absolute-names", "-P", "--numeric-owner", "--transform=s,^\\./,,S"]) expect(argv).not.toContain(never);
  });

  it("backs / up as . with the ./ taken off member names (not symlink targets), excluding both spellings", () => {
    const argv = tarArgv(host(["/"], ["/tmp"]), { ...options, oneFileSystem: false });
    expect(argv).not.toContain("--one-file-system");
    expect(argv).toContain("--transform=s,^\\./,,S");
    expect(argv.slice(-5)).toEqual(["--wildcards", "--exclude=tmp", "--exclude=./tmp", "--", "."]);
  });

  it("refuses excludes tar cannot read as borg does", () => {
    expect(() => tarArgv(host(["/srv"], ["re:^srv/.*\\.tmp$"]), options)).toThrow(/hosts\.web1\.excludes: "re:.*fm: and pp: patterns only/);
  });

  it("puts its fingerprint in the line, quoted for the client's shell, and the fingerprint follows the config", () => {
    const a = forcedTarLine(host(["/srv/it's"]), options);
    expect(a.line).toMatch(/^tar --create --pax-option=pullbak\.tarline=[0-9a-f]{16} --file=- /);
    expect(a.line).toContain(`'srv/it'\\''s'`);
    expect(a.line).toContain(a.fingerprint);
    expect(forcedTarLine(host(["/srv/it's"]), options).fingerprint).toBe(a.fingerprint);
    expect(forcedTarLine(host(["/srv/other"]), options).fingerprint).not.toBe(a.fingerprint);
    expect(forcedTarLine(host(["/srv/it's"], ["/srv/it's/x"]), options).fingerprint).not.toBe(a.fingerprint);
  });
});

describe("streamFingerprint", () => {
  const tar = (...args: string[]) => spawnSync("tar", ["--create", "--file=-", "--directory=/", "--no-recursion", ...args, "--", "."]).stdout;

  it("reads the fingerprint GNU tar writes as a pax global header", () => {
    expect(streamFingerprint(tar("--format=posix", "--pax-option=pullbak.tarline=0123456789abcdef"))).toBe("0123456789abcdef");
  });

  it("finds none in a stream of another making, and asks for more bytes when short", () => {
    expect(streamFingerprint(tar("--format=posix"))).toBeUndefined();
    expect(streamFingerprint(tar("--format=gnu"))).toBeUndefined();
    expect(streamFingerprint(new Uint8Array(100))).toBe("short");
  });
});
