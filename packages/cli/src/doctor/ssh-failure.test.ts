import { describe, expect, it } from "vitest";
import { classifySshFailure, deniedMethods } from "./ssh-failure.js";

describe("reading ssh's refusals", () => {
  it("lists the methods a refusing server still accepts", () => {
    expect(deniedMethods("root@10.0.0.2: Permission denied (publickey,password,keyboard-interactive).\n")).toEqual(["publickey", "password", "keyboard-interactive"]);
    expect(deniedMethods("Connection refused")).toBeUndefined();
  });

  it("tells a host key problem from a refused key and an unreachable host", () => {
    expect(classifySshFailure("@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nHost key verification failed.\n").kind).toBe("host-key");
    expect(classifySshFailure("No ED25519 host key is known for 10.0.0.2 and you have requested strict checking.\nHost key verification failed.\n").kind).toBe("host-key");
    expect(classifySshFailure("root@h: Permission denied (publickey).").kind).toBe("auth-refused");
    expect(classifySshFailure("ssh: connect to host 10.0.0.2 port 22: Connection refused").kind).toBe("unreachable");
    expect(classifySshFailure("This service allows sftp connections only.").kind).toBe("none");
  });
});
