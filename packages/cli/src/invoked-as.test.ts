import { describe, expect, it } from "vitest";
import { invokedAs } from "./invoked-as.js";

describe("invokedAs", () => {
  it("is pullbak for an installed command, and node with the script for a checkout", () => {
    expect(invokedAs("/usr/local/bin/pullbak")).toBe("pullbak");
    expect(invokedAs("/srv/pullbak/packages/cli/bin/pullbak.js")).toBe("node /srv/pullbak/packages/cli/bin/pullbak.js");
    expect(invokedAs("")).toBe("pullbak");
  });
});
