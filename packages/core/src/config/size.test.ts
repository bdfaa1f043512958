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
