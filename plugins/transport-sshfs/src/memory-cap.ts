/** The default cap on sshfs's (and its ssh's) data memory, MiB; see docs/transport-sshfs.md, "Memory cap". */
export const DEFAULT_MEMORY_LIMIT_MIB = 1024;

/**
 * `argv` under `prlimit --data=<bytes>`: RLIMIT_DATA of the process it
 * execs (same pid) and, inherited, of every process that one forks (sshfs's
 * ssh). Why (issue #10): sshfs 3.7.3 keeps a whole directory listing in
 * memory until the server sends EOF (sftp_readdir_async, then libfuse's
 * buffer and the dir cache), so a client whose sftp-server never ends a
 * READDIR makes it grow by ~150 MB/s until the run's timeout (23 h by
 * default). Since Linux 4.7 RLIMIT_DATA counts the heap and every private
 * writable mapping, which is what that listing fills; RLIMIT_AS would also
 * count what glibc only reserves (64 MiB per malloc arena, one per thread:
 * a legit sshfs has ~850 MB of address space for ~180 MB of data), so a cap
 * on it would have to be far looser for the same protection. At the cap
 * malloc fails and sshfs exits ("sshfs: memory allocation failed", or
 * GLib's abort).
 *
 * @param mib the cap in MiB (options.sshfs.memoryLimitMiB)
 */
export function underMemoryCap(argv: readonly string[], mib: number): string[] {
  return ["prlimit", `--data=${mib * 1024 * 1024}`, "--", ...argv];
}

/** Whether sshfs's stderr says an allocation failed: with the cap in place, it reached it. */
export function saysOutOfMemory(stderr: string): boolean {
  return /memory allocation failed|failed to allocate|Cannot allocate memory|out of memory/i.test(stderr);
}
