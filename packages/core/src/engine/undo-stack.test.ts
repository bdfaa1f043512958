import { describe, expect, it } from "vitest";
import { UndoStack } from "./undo-stack.js";

describe("the undo stack", () => {
  it("undoes in reverse order of acquisition", async () => {
    const order: string[] = [];
    const stack = new UndoStack();
    for (const name of ["ssh master", "sshfs mount", "overlay", "bind repo"]) stack.push(name, () => void order.push(name));
    expect(await stack.unwind()).toEqual([]);
    expect(order).toEqual(["bind repo", "overlay", "sshfs mount", "ssh master"]);
  });

  it("keeps going when a step throws, and reports every failure", async () => {
    const done: string[] = [];
    const stack = new UndoStack();
    stack.push("umount sshfs", () => void done.push("umount sshfs"));
    stack.push("umount overlay", () => {
      throw new Error("target is busy");
    });
    stack.push("umount bind", async () => {
      throw new Error("not mounted");
    });
    stack.push("remove tmp", () => void done.push("remove tmp"));
    const failures = await stack.unwind();
    expect(done).toEqual(["remove tmp", "umount sshfs"]);
    expect(failures.map((f) => [f.label, (f.error as Error).message])).toEqual([
      ["umount bind", "not mounted"],
      ["umount overlay", "target is busy"],
    ]);
    expect(stack.size).toBe(0);
  });

  it("runs each step once even when unwound twice at the same time (error and signal)", async () => {
    let runs = 0;
    const stack = new UndoStack();
    stack.push("slow umount", async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    await Promise.all([stack.unwind(), stack.unwind()]);
    expect(runs).toBe(1);
  });
});
