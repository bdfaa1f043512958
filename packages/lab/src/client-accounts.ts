/**
 * The lab host's own users and groups. Several ids deliberately map to names
 * the backup server does not use for them (uid 33 is `www-data` on a Debian
 * server, `webmaster` here; uid 1000 is `carol`; gid 2345 `clientonly` exists
 * only here), so a backup that stores the server's names instead of the
 * client's is caught by the tests.
 */
export interface ClientUser {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
  /** Name a stock Debian server gives this uid, if any: why the uid is here. */
  debianServerName?: string;
}

export interface ClientGroup {
  name: string;
  gid: number;
  members: string[];
  debianServerName?: string;
}

const NOLOGIN = "/usr/sbin/nologin";

export const clientUsers: readonly ClientUser[] = [
  { name: "root", uid: 0, gid: 0, gecos: "root", home: "/root", shell: "/bin/bash", debianServerName: "root" },
  { name: "daemon", uid: 1, gid: 1, gecos: "daemon", home: "/usr/sbin", shell: NOLOGIN, debianServerName: "daemon" },
  { name: "webmaster", uid: 33, gid: 33, gecos: "Web content", home: "/srv/data/www", shell: NOLOGIN, debianServerName: "www-data" },
  // sshd's privilege separation user: sshd refuses to start without it.
  { name: "sshd", uid: 100, gid: 65534, gecos: "", home: "/run/sshd", shell: NOLOGIN },
  { name: "carol", uid: 1000, gid: 1000, gecos: "Carol,,,", home: "/home/carol", shell: "/bin/bash", debianServerName: "(first user)" },
  { name: "nobody", uid: 65534, gid: 65534, gecos: "nobody", home: "/nonexistent", shell: NOLOGIN, debianServerName: "nobody" },
];

export const clientGroups: readonly ClientGroup[] = [
  { name: "root", gid: 0, members: [], debianServerName: "root" },
  { name: "daemon", gid: 1, members: [], debianServerName: "daemon" },
  { name: "tty", gid: 5, members: [], debianServerName: "tty" },
  { name: "webteam", gid: 33, members: ["carol"], debianServerName: "www-data" },
  { name: "shadow", gid: 42, members: [], debianServerName: "shadow" },
  { name: "carol", gid: 1000, members: [], debianServerName: "(first user)" },
  { name: "clientonly", gid: 2345, members: ["carol"] },
  { name: "nogroup", gid: 65534, members: [], debianServerName: "nogroup" },
];

export function userById(uid: number): ClientUser {
  const user = clientUsers.find((candidate) => candidate.uid === uid);
  if (!user) throw new Error(`lab client has no user with uid ${uid}`);
  return user;
}

export function groupById(gid: number): ClientGroup {
  const group = clientGroups.find((candidate) => candidate.gid === gid);
  if (!group) throw new Error(`lab client has no group with gid ${gid}`);
  return group;
}

export function passwdText(): string {
  return lines(clientUsers.map((u) => [u.name, "x", u.uid, u.gid, u.gecos, u.home, u.shell].join(":")));
}

export function groupText(): string {
  return lines(clientGroups.map((g) => [g.name, "x", g.gid, g.members.join(",")].join(":")));
}

/**
 * Nobody has a password (`*`), but no account is locked (`!`): with
 * `UsePAM no` sshd refuses even key logins for locked accounts.
 */
export function shadowText(): string {
  return lines(clientUsers.map((u) => [u.name, "*", "19700", "0", "99999", "7", "", "", ""].join(":")));
}

export function gshadowText(): string {
  return lines(clientGroups.map((g) => [g.name, "*", "", g.members.join(",")].join(":")));
}

function lines(rows: string[]): string {
  return rows.map((row) => `${row}\n`).join("");
}
