import { describe, expect, it } from "vitest";
import { unsafeArchivedPath } from "./unsafe-archived-path.js";

describe("unsafeArchivedPath", () => {
  it("flags absolute paths and any .. component", () => {
    for (const path of ["/etc/x", "..", "../x", "a/../../x", "a/..", "a//../b"]) expect(unsafeArchivedPath(path)).toBe(true);
  });
  it("keeps names that only look alike", () => {
    for (const path of ["etc/x", "a/..b/c", "a/b..", "...", "a/.../b", "."]) expect(unsafeArchivedPath(path)).toBe(false);
  });
});
