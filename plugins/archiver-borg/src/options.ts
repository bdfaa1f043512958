import { z } from "zod";

/**
 * `options.borg` in the config. Small on purpose: everything else borg could
 * be asked is decided by pullbak (see docs/archiver-borg.md).
 */
export const borgOptionsSchema = z
  .object({
    /**
     * `borg create --one-file-system`: do not descend into other file systems
     * met below a source. On by default so that a mount an isolation adds
     * and forgets to list in `Runner.added` (/dev, /proc, /sys, a bind) is
     * never walked into. Turn off for a transport that shows the client's own
     * mounts as separate file systems (sshfs shows them all as one).
     */
    oneFileSystem: z.boolean().default(true),
    /**
     * Read BSD-style file flags (immutable, nodump) into the archive. Off by
     * default (`--noflags`): SFTP cannot carry them, so through sshfs every
     * attempt is a wasted round trip per file — about a quarter of an
     * unchanged run's time (docs/benchmarks.md). Turn on for a transport that
     * shows the client's real flags.
     */
    readFlags: z.boolean().default(false),
    /**
     * `borg create` looks a file up in its files cache before opening it,
     * as borg 1.1 did, so an unchanged file costs no SFTP open, status and
     * close (issue 16: about 3x faster unchanged runs through sshfs). Made by
     * libexec/python/pullbak_files_cache_first.py, only for the borg versions
     * it was checked against (stock borg elsewhere, said with --verbose), and
     * only where the files have no flags, xattrs or ACLs to read. Off: stock
     * borg 1.2 (open every file first). docs/performance.md.
     */
    filesCacheFirst: z.boolean().default(true),
    /** `borg create --compression`, e.g. `zstd,3` or `auto,lzma`; borg's default (lz4) when absent. */
    compression: z
      .string()
      .regex(/^[a-z0-9]+(,[a-z0-9]+)*$/, "expected a borg compression spec such as lz4, zstd,3 or auto,lzma,6")
      .optional(),
  })
  .strict();

export type BorgOptions = z.infer<typeof borgOptionsSchema>;
