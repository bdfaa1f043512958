import bytes from "bytes";
import { z } from "zod";

/**
 * Sizes in the config (`repository.storageQuota: 500G`, `isolation.scratch: 64M`)
 * are a number with a unit, parsed by the `bytes` library (3.1): B, K(B), M(B),
 * G(B), T(B), P(B), case-insensitive, each 1024 times the last (`1G` is
 * 1 073 741 824 bytes). The unit is required: `10` could mean anything, and
 * `bytes` would read "10 GiB" (not one of its units) as 10 bytes. A bare YAML
 * number means bytes.
 *
 * @returns whole bytes, or undefined when `text` is not such a size.
 */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)b?\s*$/i.exec(text);
  if (!match || (match[2] === "" && !/b\s*$/i.test(text))) return undefined;
  const parsed = bytes.parse(`${match[1]}${match[2]}b`);
  return parsed === null || !Number.isFinite(parsed) ? undefined : Math.floor(parsed);
}

/** A config size, validated and turned into whole bytes. */
export const sizeSchema = z.union([
  z.number().int().nonnegative(),
  z.string().transform((text, context) => {
    const size = parseSize(text);
    if (size === undefined) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `expected a size such as "500G", "64M" or "1.5T" (units 1024-based), found ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return size;
  }),
]);
