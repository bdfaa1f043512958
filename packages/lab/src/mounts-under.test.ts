import { describe, expect, it } from "vitest";
import { unescapeMountField } from "./mounts-under.js";

describe("unescapeMountField", () => {
  it("decodes the octal escapes of /proc/self/mountinfo", () => {
    expect(unescapeMountField("/tmp/lab\\040dir/mnt\\134x")).toBe("/tmp/lab dir/mnt\\x");
  });
});
