import { describe, expect, it } from "vitest";
import { pingUrl } from "./ping-url.js";

describe("pingUrl", () => {
  it("follows Healthchecks' API for a ping URL", () => {
    const target = { url: "https://hc.example/ping/0f1e2d3c", create: false };
    expect(pingUrl(target, "web1", "start", "r1")).toBe("https://hc.example/ping/0f1e2d3c/start?rid=r1");
    expect(pingUrl(target, "web1", "success", "r1")).toBe("https://hc.example/ping/0f1e2d3c?rid=r1");
    expect(pingUrl(target, "web1", "fail", "r1")).toBe("https://hc.example/ping/0f1e2d3c/fail?rid=r1");
  });

  it("uses the host's name as slug under a base URL, and asks to create it when told", () => {
    const target = { baseUrl: "https://hc-ping.com/pingkey/", create: true };
    expect(pingUrl(target, "web1", "fail", "r2")).toBe("https://hc-ping.com/pingkey/web1/fail?rid=r2&create=1");
    expect(pingUrl({ ...target, slug: "db-main", create: false }, "web1", "success", "r2")).toBe("https://hc-ping.com/pingkey/db-main?rid=r2");
  });
});
