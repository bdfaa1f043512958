import { z } from "zod";

/**
 * Capabilities a command inside the chroot keeps; all others are gone for
 * good (bounding set emptied, no_new_privs). The client's borg runs there,
 * so this bounds what a hostile client's binary could do as root on the
 * server. Reading every file needs only CAP_DAC_OVERRIDE.
 */
export const DEFAULT_CAPABILITIES = ["dac_override"] as const;

/**
 * A restore also sets owners, modes with setuid/setgid bits and times on
 * files it does not own. SFTP carries nothing more (no device nodes, no
 * xattrs, no file flags), so nothing more is kept.
 */
export const DEFAULT_RESTORE_CAPABILITIES = ["dac_override", "chown", "fowner", "fsetid"] as const;

/**
 * What may be kept: file-level powers a restore into the chroot could want.
 * Not on it, among others: sys_admin (mount), sys_chroot (leave the chroot),
 * sys_ptrace (reach other processes), dac_read_search (open_by_handle_at(2)
 * on a bind-mounted server directory reaches the rest of that filesystem,
 * around the chroot), sys_module, sys_rawio, bpf.
 */
export const ALLOWED_CAPABILITIES = new Set(["dac_override", "chown", "fowner", "fsetid", "setfcap", "linux_immutable", "mknod"]);

export const capabilityName = z
  .string()
  .transform((name) => name.toLowerCase().replace(/^cap_/, ""))
  .refine((name) => ALLOWED_CAPABILITIES.has(name), {
    message: `expected one of ${[...ALLOWED_CAPABILITIES].join(", ")}; others would let a command inside the chroot reach the server`,
  });

/** capsh's spelling: `cap_a,cap_b`. */
export function capshList(names: readonly string[]): string {
  return names.map((name) => `cap_${name}`).join(",");
}
