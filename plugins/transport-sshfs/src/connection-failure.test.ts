import { describe, expect, it } from "vitest";
import { classifySshFailure } from "./connection-failure.js";
import { knownHostsEntryName as knownHostsName } from "@pullbak/core";
import { fingerprintOf, offeredInSshWarning, parseKeygenFingerprints, parseKeyscan } from "./host-key-fingerprints.js";

// Verbatim from OpenSSH 9.2 against a lab host.
const changed = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
The fingerprint for the ED25519 key sent by the remote host is
SHA256:1J5rJGtzP4NfJ/rOaGEiWNPixOfyCz6T5wkaGJSP/yU.
Host key for [10.250.0.2]:2222 has changed and you have requested strict checking.
Host key verification failed.`;

describe("why ssh could not connect", () => {
  it.each([
    ["ssh: connect to host 10.250.0.2 port 2223: Connection refused", "unreachable"],
    ["Connection timed out during banner exchange", "unreachable"],
    ["ssh: connect to host 10.250.9.9 port 22: No route to host", "unreachable"],
    ["ssh: Could not resolve hostname nope.invalid: Name or service not known", "unreachable"],
    ["kex_exchange_identification: read: Connection reset by peer", "unreachable"],
    [changed, "host-key-changed"],
    ["No ED25519 host key is known for [10.250.0.2]:2222 and you have requested strict checking.\nHost key verification failed.", "host-key-unknown"],
    ["root@10.250.0.2: Permission denied (publickey,keyboard-interactive).", "key-refused"],
    ["This service allows sftp connections only.", "other"],
  ])("%s -> %s", (stderr, kind) => {
    expect(classifySshFailure(stderr).kind).toBe(kind);
  });

  it("keeps the line that says why", () => {
    expect(classifySshFailure("Warning: something\nssh: connect to host h port 22: Connection refused\n").detail).toBe("ssh: connect to host h port 22: Connection refused");
  });
});

describe("host key fingerprints", () => {
  it("computes the fingerprint ssh shows from a keyscan line", () => {
    const line = "[10.250.0.2]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF6BUj9q5t41aCKQWT/L0PFQIHqDAMWcrq131KOmky/v";
    expect(parseKeyscan(`# 10.250.0.2:2222 SSH-2.0-OpenSSH_9.2p1\n${line}\n`)).toEqual([{ type: "ED25519", sha256: "SHA256:1J5rJGtzP4NfJ/rOaGEiWNPixOfyCz6T5wkaGJSP/yU" }]);
    expect(fingerprintOf("ssh-rsa", "AAAA").type).toBe("RSA");
  });

  it("reads ssh-keygen -l -F and ssh's own warning", () => {
    const out = "# Host [10.250.0.2]:2222 found: line 1 \n[10.250.0.2]:2222 ED25519 SHA256:abc+/def\n";
    expect(parseKeygenFingerprints(out)).toEqual([{ type: "ED25519", sha256: "SHA256:abc+/def" }]);
    expect(offeredInSshWarning(changed)).toEqual({ type: "ED25519", sha256: "SHA256:1J5rJGtzP4NfJ/rOaGEiWNPixOfyCz6T5wkaGJSP/yU" });
  });

  it("names a host as known_hosts does", () => {
    expect(knownHostsName("10.0.0.1", 22)).toBe("10.0.0.1");
    expect(knownHostsName("10.0.0.1", 2222)).toBe("[10.0.0.1]:2222");
  });
});
