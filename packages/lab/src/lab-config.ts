import type { LabHost } from "./lab-types.js";
import type { LabPaths } from "./lab-paths.js";
import { type YamlValue, yamlText } from "./yaml-text.js";

/**
 * A pullbak config that backs up every lab host into the lab dir, with the
 * lab's keys and known_hosts: what `pullbak --config <dir>/pullbak.yaml`
 * needs and nothing more (plugins come from pullbak's own defaults).
 */
export function labConfig(paths: LabPaths, hosts: readonly LabHost[]): { [key: string]: YamlValue } {
  return {
    version: 1,
    stateDir: paths.stateDir,
    defaults: {
      ssh: {
        user: "root",
        identityFile: paths.keys.backup,
        knownHostsFile: paths.knownHosts,
        keys: { restore: paths.keys.restore, tar: paths.keys.tar },
      },
      repository: {
        path: `${paths.reposDir}/{host}`,
        encryption: "repokey-blake2",
        passphrase: { file: paths.passphrase },
      },
      sources: ["/"],
      // /var/log too: the host's sshd logs there while the backup runs.
      // /usr and /etc/alternatives are the server's own, bound read-only into
      // the host: gigabytes that are not the client's data, and would make
      // every lab backup a long one.
      excludes: ["/dev", "/proc", "/sys", "/run", "/tmp", "/var/log", "/usr", "/etc/alternatives"],
    },
    hosts: Object.fromEntries(hosts.map((host) => [host.name, { address: host.address, port: host.port }])),
  };
}

export function labConfigText(paths: LabPaths, hosts: readonly LabHost[]): string {
  return `# pullbak config for the lab in ${JSON.stringify(paths.dir)}, written by @pullbak/lab.\n${yamlText(labConfig(paths, hosts))}`;
}
