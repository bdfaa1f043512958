import { chown, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A small client-like tree: /etc, /home/carol, /srv/data, plus what an
 * isolation or the default excludes must keep out (/dev, /.pullbak) and a
 * neighbour that only shares a prefix (/devices).
 */
export async function clientTree(root: string): Promise<void> {
  const files: Record<string, string> = {
    "etc/hostname": "web1\n",
    "home/carol/notes.txt": "carol's notes\n",
    "srv/data/report.csv": "a,b\n1,2\n",
    "dev/fake-device": "not a device\n",
    "devices/kept.txt": "only shares a prefix with /dev\n",
    ".pullbak/repository/data": "the repository must never be archived\n",
    "tmp/scratch": "excluded by the host\n",
    "var/cache/app/big.bin": "cache\n",
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, ".."), { recursive: true });
    await writeFile(join(root, path), content);
  }
  // nobody:nogroup have names on this server, uid 4242 has none anywhere.
  await chown(join(root, "home/carol/notes.txt"), 65534, 65534);
  await chown(join(root, "srv/data/report.csv"), 4242, 4242);
  await symlink("/etc/hostname", join(root, "srv/data/abs-link"));
  await symlink("../../etc/hostname", join(root, "srv/data/rel-link"));
  // borg never remembers the files with the newest ctime of a run (they could still change within
  // the clock tick), and the files above share one tick: one file written later carries that role.
  await sleep(50);
  await writeFile(join(root, "etc/motd"), "written last\n");
}
