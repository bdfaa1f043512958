import type { ResolvedHost } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { identityFileFor } from "./identity-file.js";

const host = (keys: Record<string, string>) =>
  ({ name: "web1", ssh: { identityFile: "/etc/pullbak/keys/backup_ed25519", keys } }) as unknown as ResolvedHost;

describe("the key for a purpose", () => {
  it("is the configured one when the config names it", () => {
    expect(identityFileFor(host({ tar: "/srv/keys/tar" }), "tar").path).toBe("/srv/keys/tar");
  });

  it("is the one setup-client creates when the config does not name it (issue 15)", () => {
    const identity = identityFileFor(host({}), "tar");
    expect(identity.path).toBe("/etc/pullbak/keys/tar_ed25519");
    expect(identity.where).toContain("pullbak setup-client web1");
  });
});
