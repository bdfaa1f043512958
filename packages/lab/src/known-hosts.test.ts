import { describe, expect, it } from "vitest";
import { knownHostsLine } from "./known-hosts.js";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEYGiRURcA9tkKRNJ0lO9Kjf+nzidyIPwuAq1q9ZaF2a pullbak-lab-backup";

describe("knownHostsLine", () => {
  it("keys an entry by the bare address on port 22 and drops the comment", () => {
    expect(knownHostsLine("10.213.0.2", 22, KEY)).toBe(
      "10.213.0.2 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEYGiRURcA9tkKRNJ0lO9Kjf+nzidyIPwuAq1q9ZaF2a\n",
    );
  });

  it("uses [address]:port for other ports", () => {
    expect(knownHostsLine("10.213.0.2", 2222, KEY)).toMatch(/^\[10\.213\.0\.2\]:2222 ssh-ed25519 /);
  });
});
