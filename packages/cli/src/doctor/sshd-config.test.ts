import { describe, expect, it } from "vitest";
import { parseLine, readSshdConfig, splitWords, valueOf, type ConfigFile } from "./sshd-config.js";

const loaderOf =
  (files: Record<string, string>) =>
  async (pattern: string): Promise<ConfigFile[]> => {
    const regex = new RegExp(`^${pattern.replaceAll(".", "\\.").replaceAll("*", "[^/]*")}$`);
    return Object.keys(files)
      .filter((path) => regex.test(path))
      .sort()
      .map((path) => ({ path, text: files[path]! }));
  };

describe("sshd_config lines", () => {
  it("reads keyword and value separated by space or =, any case", () => {
    expect(parseLine("PasswordAuthentication no")).toEqual({ keyword: "passwordauthentication", args: ["no"] });
    expect(parseLine("  passwordauthentication=no")).toEqual({ keyword: "passwordauthentication", args: ["no"] });
    expect(parseLine("PermitRootLogin = forced-commands-only # why")).toEqual({ keyword: "permitrootlogin", args: ["forced-commands-only"] });
    expect(parseLine("# PasswordAuthentication yes")).toBeUndefined();
    expect(parseLine("   ")).toBeUndefined();
  });

  it("folds ChallengeResponseAuthentication into KbdInteractiveAuthentication", () => {
    expect(parseLine("ChallengeResponseAuthentication yes")?.keyword).toBe("kbdinteractiveauthentication");
  });

  it("splits words with quotes like sshd", () => {
    expect(splitWords(`"/etc/ssh/my dir/*.conf" other #comment`)).toEqual(["/etc/ssh/my dir/*.conf", "other"]);
    expect(splitWords(`a\\"b 'c d'`)).toEqual([`a"b`, "c d"]);
  });
});

describe("which value sshd uses", () => {
  it("takes the first value, so an included file read early wins over the main file", async () => {
    const config = await readSshdConfig(
      { path: "/etc/ssh/sshd_config", text: "Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication no\n" },
      loaderOf({ "/etc/ssh/sshd_config.d/50-cloud-init.conf": "PasswordAuthentication yes\n" }),
    );
    expect(valueOf(config, "PasswordAuthentication").global).toMatchObject({ value: "yes", file: "/etc/ssh/sshd_config.d/50-cloud-init.conf", line: 1 });
    expect(config.files).toEqual(["/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/50-cloud-init.conf"]);
  });

  it("reads included files in sorted order and resolves relative Includes under /etc/ssh", async () => {
    const config = await readSshdConfig(
      { path: "/etc/ssh/sshd_config", text: "Include sshd_config.d/*.conf\n" },
      loaderOf({ "/etc/ssh/sshd_config.d/20-b.conf": "PermitRootLogin yes\n", "/etc/ssh/sshd_config.d/10-a.conf": "PermitRootLogin forced-commands-only\n" }),
    );
    expect(valueOf(config, "PermitRootLogin").global?.value).toBe("forced-commands-only");
  });

  it("keeps Match blocks apart: they apply only to some connections, and a Match in an included file ends with it", async () => {
    const config = await readSshdConfig(
      { path: "/etc/ssh/sshd_config", text: "Include /etc/ssh/x.conf\nPasswordAuthentication no\nMatch Address 10.0.0.0/8\n  PasswordAuthentication yes\n" },
      loaderOf({ "/etc/ssh/x.conf": "Match User backup\nPermitRootLogin yes\n" }),
    );
    const password = valueOf(config, "PasswordAuthentication");
    expect(password.global).toMatchObject({ value: "no", line: 2 });
    expect(password.conditional).toMatchObject([{ value: "yes", line: 4 }]);
    expect(valueOf(config, "PermitRootLogin")).toMatchObject({ conditional: [{ value: "yes", file: "/etc/ssh/x.conf" }] });
    expect(valueOf(config, "PermitRootLogin").global).toBeUndefined();
  });

  it("gives up on an Include loop", async () => {
    const main = { path: "/etc/ssh/sshd_config", text: "Include /etc/ssh/sshd_config\n" };
    await expect(readSshdConfig(main, async () => [main])).rejects.toThrow(/nested more than 16/);
  });
});
