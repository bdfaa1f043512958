import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { existsOnClient } from "./exists-on-client.js";

/** A client's `/` with a file, links inside it, and links a server would resolve to its own tree. */
async function clientWithLinks(): Promise<{ root: string; server: string }> {
  const base = await mkdtemp(join(tmpdir(), "pullbak-exists-on-client-"));
  const root = join(base, "client");
  const server = join(base, "server-only");
  await mkdir(join(root, "srv/data"), { recursive: true });
  await mkdir(join(root, "usr/bin"), { recursive: true });
  await mkdir(server);
  await writeFile(join(root, "srv/data/file"), "client\n");
  await writeFile(join(root, "usr/bin/tool"), "");
  await writeFile(join(server, "file"), "server\n");
  await symlink("usr/bin", join(root, "bin"));
  await symlink("/srv/data", join(root, "srv/abs"));
  await symlink("../../../../../../../../srv/data", join(root, "srv/rel"));
  // Planted: absolute and relative paths of a server directory that the client does not have.
  await symlink(server, join(root, "srv/to-server"));
  await symlink(`../../${"../".repeat(8)}${server.slice(1)}`, join(root, "srv/data/escape"));
  await symlink("loop", join(root, "srv/loop"));
  return { root, server };
}

describe("existsOnClient", () => {
  it("resolves the client's links among the client's files", async () => {
    const { root } = await clientWithLinks();
    expect(await existsOnClient(root, "/srv/data/file")).toBe(true);
    expect(await existsOnClient(root, "/bin/tool")).toBe(true);
    expect(await existsOnClient(root, "/srv/abs/file")).toBe(true);
    expect(await existsOnClient(root, "/srv/rel/file")).toBe(true);
    expect(await existsOnClient(root, "/srv/data/../data/file")).toBe(true);
    // The last component is looked at, not followed: a dangling link exists.
    expect(await existsOnClient(root, "/srv/to-server")).toBe(true);
    expect(await existsOnClient(root, "/srv/data/nope")).toBe(false);
  });

  it("never follows a link to the server's own tree", async () => {
    const { root, server } = await clientWithLinks();
    expect(await existsOnClient(root, "/srv/to-server/file")).toBe(false);
    expect(await existsOnClient(root, "/srv/data/escape/file")).toBe(false);
    expect(await existsOnClient(root, `${server}/file`)).toBe(false);
    expect(await existsOnClient(root, "/srv/loop/file")).toBe(false);
  });
});
