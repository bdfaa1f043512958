import { describe, expect, it } from "vitest";
import { assertSafeAddress, assertSafePath, assertSafeUser } from "./safe-values.js";

describe("values spliced into ssh and sshfs options", () => {
  it("accepts ordinary paths, users and addresses", () => {
    expect(assertSafePath("/etc/pullbak/keys/backup_ed25519", "k")).toBe("/etc/pullbak/keys/backup_ed25519");
    expect(assertSafeUser("root", "u")).toBe("root");
    for (const address of ["192.0.2.10", "web1.example.org", "fe80::1", "2001:db8::10"]) expect(assertSafeAddress(address, "a")).toBe(address);
  });

  it.each([
    ["/keys/a,StrictHostKeyChecking=no", '","'],
    ["/keys/with space", '" "'],
    ["/keys/%h", '"%"'],
    ["/keys/${HOME}", '"$"'],
    ["/keys/a:b", '":"'],
    ["relative/key", "is not absolute"],
  ])("refuses the path %s, naming the culprit", (path, culprit) => {
    expect(() => assertSafePath(path, "hosts.web1.ssh.identityFile")).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", message: expect.stringContaining(culprit) }));
  });

  it("refuses an address or user ssh would read as an option", () => {
    expect(() => assertSafeAddress("-oProxyCommand=touch /tmp/x", "a")).toThrow(/not a host name/);
    expect(() => assertSafeAddress("web1,allow_root", "a")).toThrow(/not a host name/);
    expect(() => assertSafeUser("-oProxyCommand=x", "u")).toThrow(/plain user name/);
    expect(() => assertSafeUser("root@evil", "u")).toThrow(/plain user name/);
  });
});
