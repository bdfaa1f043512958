import { chmod, chown, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ETC_COPIED_FROM_SERVER, ETC_SYMLINKS, clientEtcFiles } from "./client-etc.js";
import { ensureKeyPair, publicKeyOf } from "./keys.js";
import { pathExists } from "./path-exists.js";
import { SSHD_HOST_KEY } from "./sshd-config.js";

/**
 * Directories of a host's `/`. `usr`, `dev`, `proc` and `etc/alternatives`
 * stay empty on disk: they are mount points that only the host's private
 * mount namespace fills (start-client-sshd.sh), so the server never sees
 * those mounts. Modes are set with chmod afterwards because mkdir's mode is
 * cut by the umask.
 */
const ROOT_DIRS: ReadonlyArray<readonly [string, number]> = [
  ["etc", 0o755],
  ["etc/ssh", 0o755],
  ["etc/alternatives", 0o755],
  ["root", 0o700],
  ["root/.ssh", 0o700],
  ["home", 0o755],
  ["srv", 0o755],
  ["tmp", 0o1777],
  ["var", 0o755],
  ["var/lib", 0o755],
  ["var/log", 0o755],
  ["var/tmp", 0o1777],
  ["run", 0o755],
  // sshd's privilege separation chroot; sshd refuses to start without it.
  ["run/sshd", 0o755],
  ["usr", 0o755],
  ["dev", 0o755],
  ["proc", 0o555],
  ["sys", 0o555],
  ["mnt", 0o755],
  ["opt", 0o755],
];

/** Debian bookworm is merged-/usr: these point into the bound /usr. */
const MERGED_USR_LINKS = ["bin", "lib", "lib64", "sbin"];

export interface RootTreeHost {
  name: string;
  hostname: string;
  address: string;
  port: number;
}

/**
 * Lays out a host's own `/` at `rootDir`: directories, /etc with the host's
 * accounts and sshd config, its host key and root's authorized_keys.
 * Returns the host's public key for the server's known_hosts.
 */
export async function buildRootTree(rootDir: string, host: RootTreeHost, authorizedKeys: string): Promise<string> {
  for (const [dir, mode] of ROOT_DIRS) {
    await mkdir(join(rootDir, dir), { recursive: true });
    await chmod(join(rootDir, dir), mode);
  }
  for (const link of MERGED_USR_LINKS) await symlink(`usr/${link}`, join(rootDir, link));

  const copied = [];
  for (const source of ETC_COPIED_FROM_SERVER) if (await pathExists(source)) copied.push(source);
  if (copied.length > 0) await execa("cp", ["-a", "--", ...copied, join(rootDir, "etc")]);
  for (const { path, target } of ETC_SYMLINKS) await symlink(target, join(rootDir, path));

  for (const file of clientEtcFiles(host)) {
    const path = join(rootDir, file.path);
    await writeFile(path, file.content);
    if (file.gid !== undefined) await chown(path, 0, file.gid);
    await chmod(path, file.mode);
  }

  const authorizedKeysPath = join(rootDir, "root/.ssh/authorized_keys");
  await writeFile(authorizedKeysPath, authorizedKeys, { mode: 0o600 });

  const hostKey = join(rootDir, SSHD_HOST_KEY);
  await ensureKeyPair(hostKey, host.hostname);
  return publicKeyOf(hostKey);
}
