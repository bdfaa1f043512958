import { describe, expect, it } from "vitest";
import { clientGroups, clientUsers, groupText, passwdText, shadowText } from "./client-accounts.js";

describe("client accounts", () => {
  it("writes passwd lines with seven fields", () => {
    const carol = passwdText().split("\n").find((line) => line.startsWith("carol:"));
    expect(carol).toBe("carol:x:1000:1000:Carol,,,:/home/carol:/bin/bash");
  });

  it("names uid 33 and gid 33 differently from a Debian server", () => {
    expect(clientUsers.find((u) => u.uid === 33)?.name).toBe("webmaster");
    expect(groupText()).toContain("webteam:x:33:carol\n");
  });

  it("has a group that exists only on the client", () => {
    const only = clientGroups.find((g) => g.name === "clientonly");
    expect(only?.gid).toBe(2345);
    expect(only?.debianServerName).toBeUndefined();
  });

  it("has the users sshd needs and no locked account", () => {
    expect(clientUsers.map((u) => u.name)).toEqual(expect.arrayContaining(["root", "sshd", "nobody"]));
    for (const line of shadowText().trim().split("\n")) expect(line.split(":")[1]).toBe("*");
  });

  it("uses unique names and ids", () => {
    expect(new Set(clientUsers.map((u) => u.uid)).size).toBe(clientUsers.length);
    expect(new Set(clientUsers.map((u) => u.name)).size).toBe(clientUsers.length);
    expect(new Set(clientGroups.map((g) => g.gid)).size).toBe(clientGroups.length);
    expect(new Set(clientGroups.map((g) => g.name)).size).toBe(clientGroups.length);
  });
});
