import { describe, expect, it } from "vitest";
import { authorizedKeyLine } from "./authorized-keys.js";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEYGiRURcA9tkKRNJ0lO9Kjf+nzidyIPwuAq1q9ZaF2a pullbak-lab-backup";

describe("authorizedKeyLine", () => {
  it("pins the backup key to read-only sftp", () => {
    expect(authorizedKeyLine("backup", KEY)).toBe(`restrict,command="internal-sftp -R" ${KEY}\n`);
  });

  it("pins the tar key to an extracting tar", () => {
    expect(authorizedKeyLine("tar", KEY)).toMatch(/^restrict,command="tar --extract [^"]*--file=-" ssh-ed25519 /);
  });

  it("refuses a key that would smuggle in options or lines", () => {
    expect(() => authorizedKeyLine("backup", `${KEY}\nssh-ed25519 AAAA evil`)).toThrow();
    expect(() => authorizedKeyLine("backup", `command="sh" ${KEY}`)).toThrow();
  });
});
