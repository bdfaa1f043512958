import { describe, expect, it } from "vitest";
import { parseSize, sizeSchema } from "./size.js";

describe("parseSize", () => {
  it("reads a number with a 1024-based unit, with or without B", () => {
    expect(parseSize("500G")).toBe(500 * 1024 ** 3);
    expect(parseSize("64MB")).toBe(64 * 1024 ** 2);
    expect(parseSize("1.5t")).toBe(1.5 * 1024 ** 4);
    expect(parseSize("12 KiB")).toBeUndefined();
    expect(parseSize("4096B")).toBe(4096);
  });
  it("refuses a size without a unit, or anything else", () => {
    for (const text of ["10", "", "G", "-1G", "1 GiB", "1e3M", "5 gigabytes"]) expect(parseSize(text)).toBeUndefined();
  });
  it("takes a bare YAML number as bytes", () => {
    expect(sizeSchema.parse(12345)).toBe(12345);
    expect(sizeSchema.safeParse("ten").success).toBe(false);
  });
});

describe("repository.storageQuota", () => {
  it("is borg's --storage-quota in bytes, at least borg's 10 MB", async () => {
    const { repositorySchema } = await import("./schema.js");
    const quota = (value: unknown) => repositorySchema.partial().safeParse({ storageQuota: value });
    expect(quota("500G")).toMatchObject({ success: true, data: { storageQuota: 500 * 1024 ** 3 } });
    expect(quota("9M").success).toBe(false);
    expect(quota("10M").success).toBe(true);
    expect(quota("lots").success).toBe(false);
  });
});

describe("sizes a new admin gets wrong (breaker3)", () => {
  it("refuses a size past 2^53 - 1 bytes (8 PiB), which reached enter-chroot as 1e+30 and failed the run, not the config", () => {
    expect(sizeSchema.safeParse(1e30).success).toBe(false);
    expect(sizeSchema.safeParse(Number.MAX_SAFE_INTEGER + 1).success).toBe(false);
    expect(parseSize("9999999999P")).toBeUndefined();
    expect(sizeSchema.parse(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("a quota that is no size at all gets one issue, the size's, not also the 10M minimum's", async () => {
    const { repositorySchema } = await import("./schema.js");
    const result = repositorySchema.partial().safeParse({ storageQuota: "10 MiB" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['expected a size such as "500G", "64M" or "1.5T" (units 1024-based)']);
  });
});
