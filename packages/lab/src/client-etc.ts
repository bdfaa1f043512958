import { groupText, gshadowText, passwdText, shadowText } from "./client-accounts.js";
import { SSHD_CONFIG_FILE, sshdConfigText } from "./sshd-config.js";

/** A file the lab writes into a host's /etc. */
export interface EtcFile {
  /** Path inside the host, e.g. `/etc/passwd`. */
  path: string;
  content: string;
  mode: number;
  gid?: number;
}

const SHADOW_GID = 42;

/**
 * The host's own /etc: its accounts, its name, and a name service that reads
 * only files, so nothing inside the chroot consults the server's systemd or
 * DNS to resolve an owner name.
 */
export function clientEtcFiles(host: { name: string; hostname: string; address: string; port: number }): EtcFile[] {
  return [
    { path: "/etc/hostname", content: `${host.hostname}\n`, mode: 0o644 },
    {
      path: "/etc/hosts",
      content: [
        "127.0.0.1\tlocalhost",
        `${host.address}\t${host.hostname} ${host.name}`,
        "::1\tlocalhost ip6-localhost ip6-loopback",
        "",
      ].join("\n"),
      mode: 0o644,
    },
    { path: "/etc/passwd", content: passwdText(), mode: 0o644 },
    { path: "/etc/group", content: groupText(), mode: 0o644 },
    { path: "/etc/shadow", content: shadowText(), mode: 0o640, gid: SHADOW_GID },
    { path: "/etc/gshadow", content: gshadowText(), mode: 0o640, gid: SHADOW_GID },
    {
      path: "/etc/nsswitch.conf",
      content: "passwd: files\ngroup: files\nshadow: files\ngshadow: files\nhosts: files\nnetworks: files\n",
      mode: 0o644,
    },
    { path: "/etc/timezone", content: "Etc/UTC\n", mode: 0o644 },
    { path: "/etc/motd", content: `${host.hostname}: a disposable pullbak lab host.\n`, mode: 0o644 },
    { path: SSHD_CONFIG_FILE, content: sshdConfigText(host.port), mode: 0o644 },
  ];
}

/**
 * Copied from the server as they are: the dynamic loader's config must match
 * the bound /usr (Debian's multiarch libraries are not on the loader's
 * default path). /etc/alternatives must match it too, but is bind-mounted
 * rather than copied (start-client-sshd.sh): it is ~400 symlinks, and
 * copying them made up most of a host's start-up time.
 */
export const ETC_COPIED_FROM_SERVER = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/debian_version"];

/** Symlinks a Debian /etc has into /usr; they resolve through the read-only /usr. */
export const ETC_SYMLINKS: ReadonlyArray<{ path: string; target: string }> = [
  { path: "/etc/os-release", target: "../usr/lib/os-release" },
  { path: "/etc/localtime", target: "/usr/share/zoneinfo/Etc/UTC" },
];
