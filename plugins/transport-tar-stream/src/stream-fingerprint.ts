import { FINGERPRINT_KEYWORD } from "./tar-line.js";

const BLOCK = 512;

/**
 * The fingerprint a tar stream carries in its first header, a pax global
 * extended header (type `g`) holding `pullbak.tarline=...`, as
 * `forcedTarLine` makes it. `undefined` when the head is not such a header
 * (a tar line of another making, or not a tar stream at all); `"short"`
 * when more bytes are needed to tell.
 */
export function streamFingerprint(head: Uint8Array): string | undefined | "short" {
  if (head.length < BLOCK) return "short";
  if (head[156] !== "g".charCodeAt(0)) return undefined;
  const size = Number.parseInt(Buffer.from(head.subarray(124, 136)).toString("latin1").replace(/\0.*$/s, "").trim(), 8);
  if (!Number.isInteger(size) || size <= 0 || size > 64 * 1024) return undefined;
  if (head.length < BLOCK + size) return "short";
  const records = Buffer.from(head.subarray(BLOCK, BLOCK + size)).toString("utf8");
  const match = new RegExp(`^\\d+ ${FINGERPRINT_KEYWORD.replace(".", "\\.")}=([0-9a-f]{16})$`, "m").exec(records);
  return match?.[1];
}
