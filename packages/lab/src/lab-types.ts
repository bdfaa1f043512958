/** One disposable client host: its own netns, root tree, hostname and sshd. */
export interface LabHost {
  /** Short name, also the key under `hosts:` in the generated config (`lab1`). */
  name: string;
  /** The host's own hostname, as in its /etc/hostname (`lab1.pullbak.test`). */
  hostname: string;
  /** IPv4 address of the host, reachable from the server's root namespace. */
  address: string;
  /** Port its sshd listens on. */
  port: number;
  /** Name of its network namespace (`ip netns list`). */
  netns: string;
  /** Where its `/` lives on the server's disk (without the private /usr, /dev, /proc mounts). */
  rootDir: string;
  /** PID of its listening sshd, 0 while stopped. */
  sshdPid: number;
}

/** A set of lab hosts sharing one lab dir, keys and known_hosts. */
export interface Lab {
  /** Absolute lab dir: everything the lab makes on disk lives here. */
  dir: string;
  hosts: LabHost[];
  /** known_hosts with every host's key, keyed by address. */
  knownHostsFile: string;
  /** Private keys (ed25519), each accepted by the hosts only for its forced command. */
  keys: { backup: string; restore: string; tar: string };
  /** Random passphrase for the borg repositories (mode 0600). */
  passphraseFile: string;
  /** A ready pullbak config for these hosts (`<dir>/pullbak.yaml`). */
  configFile: string;
}

/** A host as `labStatus` sees it now. */
export type LabHostStatus = LabHost & { up: boolean };
