import { describe, expect, it } from "vitest";
import { settleAll } from "./settle-all.js";

describe("settleAll", () => {
  it("returns values in order", async () => {
    expect(await settleAll<[number, string]>([Promise.resolve(1), Promise.resolve("a")])).toEqual([1, "a"]);
  });

  it("fails only after every promise has settled", async () => {
    let slowDone = false;
    const slow = new Promise<void>((resolve) => setTimeout(() => ((slowDone = true), resolve()), 30));
    await expect(settleAll<[void, void]>([Promise.reject(new Error("boom")), slow])).rejects.toThrow("boom");
    expect(slowDone).toBe(true);
  });

  it("reports several failures together", async () => {
    const error = await settleAll([Promise.reject(new Error("a")), Promise.reject(new Error("b"))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toHaveLength(2);
  });
});
