import { LabError } from "./lab-error.js";

/** Network namespaces, mounts and chroot need root; say so before half a lab exists. */
export function assertRoot(action: string): void {
  if (process.getuid?.() !== 0) {
    throw new LabError("LAB_NOT_ROOT", `${action} needs root (network namespaces, mounts, chroot); running as uid ${process.getuid?.()}`);
  }
}
