import { describe, expect, it } from "vitest";
import { SLOT_COUNT, slotNetwork, slotOfNetns, slotOfServerVeth } from "./slot-network.js";

describe("slotNetwork", () => {
  it("gives slot 0 the first /30 of 10.213.0.0/16", () => {
    expect(slotNetwork(0)).toMatchObject({
      netns: "pullbak-lab-0",
      serverVeth: "pbl0srv",
      serverAddress: "10.213.0.1",
      hostAddress: "10.213.0.2",
      prefixLength: 30,
    });
  });

  it("crosses into the next third octet after 64 slots", () => {
    expect(slotNetwork(64).serverAddress).toBe("10.213.1.1");
    expect(slotNetwork(SLOT_COUNT - 1).hostAddress).toBe("10.213.255.254");
  });

  it("keeps interface names within the kernel's 15 characters", () => {
    expect(slotNetwork(SLOT_COUNT - 1).serverVeth.length).toBeLessThanOrEqual(15);
  });

  it("gives distinct slots disjoint subnets", () => {
    const hosts = new Set(Array.from({ length: 300 }, (_, i) => slotNetwork(i).hostAddress));
    expect(hosts.size).toBe(300);
  });

  it("rejects slots outside the /16", () => {
    expect(() => slotNetwork(SLOT_COUNT)).toThrow(RangeError);
    expect(() => slotNetwork(-1)).toThrow(RangeError);
  });

  it("maps netns names back to slots and ignores foreign ones", () => {
    expect(slotOfNetns("pullbak-lab-17")).toBe(17);
    expect(slotOfNetns("pullbak-lab-017")).toBeUndefined();
    expect(slotOfNetns("pullbak-lab-")).toBeUndefined();
    expect(slotOfNetns("other")).toBeUndefined();
  });

  it("maps server veth names back to slots and ignores foreign ones", () => {
    expect(slotOfServerVeth(slotNetwork(42).serverVeth)).toBe(42);
    expect(slotOfServerVeth("eth0")).toBeUndefined();
    expect(slotOfServerVeth("pbl99999srv")).toBeUndefined();
  });
});
