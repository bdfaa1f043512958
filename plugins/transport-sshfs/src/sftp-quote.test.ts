import { describe, expect, it } from "vitest";
import { sftpQuote } from "./sftp-quote.js";

describe("sftp batch words", () => {
  it("quotes a path so sftp takes it literally", () => {
    expect(sftpQuote("/etc/ssh/sshd_config")).toBe('"/etc/ssh/sshd_config"');
    expect(sftpQuote('/a "b" \\c *')).toBe('"/a \\"b\\" \\\\c *"');
  });

  it("refuses a path that could end the batch line", () => {
    expect(() => sftpQuote("/etc/x\nget /etc/shadow")).toThrow(/control character/);
  });
});
