import { describe, expect, it } from "vitest";
import { parseAuthorizedKeys } from "./authorized-keys.js";

describe("authorized_keys lines", () => {
  it("finds each key's blob and forced command, with quotes and commas inside the command", () => {
    const text = [
      "# pullbak",
      'restrict,command="internal-sftp -R" ssh-ed25519 AAAAbackup pullbak-backup',
      'from="10.0.0.1",command="tar --extract --file=- \\"x,y\\"",restrict ssh-ed25519 AAAAtar pullbak-tar',
      "ssh-ed25519 AAAAplain admin@laptop",
      "",
    ].join("\n");
    expect(parseAuthorizedKeys(text)).toEqual([
      { blob: "AAAAbackup", command: "internal-sftp -R", line: 2 },
      { blob: "AAAAtar", command: 'tar --extract --file=- "x,y"', line: 3 },
      { blob: "AAAAplain", line: 4 },
    ]);
  });
});
