import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mountsAt, parseMountPoints } from "./mount-table.js";

const mountinfo = `22 27 0:21 / /proc rw,relatime - proc proc rw
90 27 0:55 / /var/lib/pullbak/hosts/web1/client rw,nosuid - fuse.sshfs root@10.0.0.1:/ rw,user_id=0
91 90 0:56 / /var/lib/pullbak/hosts/web1/client rw,nosuid - fuse.sshfs root@10.0.0.1:/ rw,user_id=0
92 27 0:57 / /mnt/with\\040space rw - tmpfs tmpfs rw
`;

describe("the mount table", () => {
  it("reads mount points, unescaping what the kernel escapes", () => {
    expect(parseMountPoints(mountinfo)).toEqual(["/proc", "/var/lib/pullbak/hosts/web1/client", "/var/lib/pullbak/hosts/web1/client", "/mnt/with space"]);
  });

  it("counts stacked mounts on one path", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "mountinfo-")), "mountinfo");
    await writeFile(file, mountinfo);
    expect(await mountsAt("/var/lib/pullbak/hosts/web1/client", file)).toBe(2);
    expect(await mountsAt("/var/lib/pullbak/hosts/web1", file)).toBe(0);
  });
});
