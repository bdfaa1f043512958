import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM modules of the bench, without type declarations
import { changeOnePercent, manyFilePath, writeManyFiles } from "./many-files.mjs";
// @ts-expect-error: as above
import { median } from "./stats.mjs";
// @ts-expect-error: as above
import { markdownTable, ratio, seconds } from "./table.mjs";

describe("bench data set", () => {
  const dir = mkdtempSync(join(tmpdir(), "pullbak-bench-data-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same files every time, each with its own past mtime", () => {
    const a = writeManyFiles(join(dir, "a"), 300);
    const b = writeManyFiles(join(dir, "b"), 300);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ files: 300, dirs: 3 });
    expect(readFileSync(manyFilePath(join(dir, "a"), 123))).toEqual(readFileSync(manyFilePath(join(dir, "b"), 123)));
    const mtimes = new Set(Array.from({ length: 300 }, (_, i) => statSync(manyFilePath(join(dir, "a"), i)).mtimeMs));
    expect(mtimes.size).toBe(300);
    expect(Math.max(...mtimes)).toBeLessThan(Date.now() - 86_400_000);
  });

  it("changes 1 % of the files, in size and mtime, other files each time", () => {
    const set = join(dir, "c");
    writeManyFiles(set, 1000);
    const before = Array.from({ length: 1000 }, (_, i) => statSync(manyFilePath(set, i)));
    expect(changeOnePercent(set, 1000, 1)).toBe(10);
    const after1 = Array.from({ length: 1000 }, (_, i) => statSync(manyFilePath(set, i)));
    const changed1 = after1.flatMap((s, i) => (s.size !== before[i].size && s.mtimeMs !== before[i].mtimeMs ? [i] : []));
    expect(changed1).toHaveLength(10);
    expect(after1.filter((s, i) => s.size !== before[i].size || s.mtimeMs !== before[i].mtimeMs)).toHaveLength(10);
    changeOnePercent(set, 1000, 2);
    const after2 = Array.from({ length: 1000 }, (_, i) => statSync(manyFilePath(set, i)));
    const changed2 = after2.flatMap((s, i) => (s.size !== after1[i].size ? [i] : []));
    expect(changed2).toHaveLength(10);
    expect(changed2.filter((i) => changed1.includes(i))).toEqual([]);
    expect(changeOnePercent(join(dir, "a"), 50, 1)).toBe(1);
  });
});

describe("bench figures", () => {
  it("takes the median, ignoring what was not measured", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it("prints a Markdown table with numbers right-aligned", () => {
    const table = markdownTable(["", "time", "/ local"], [["pullbak", seconds(12.345), ratio(12.345, 4)], ["borg", seconds(4), ratio(4, 4)]]);
    expect(table.split("\n")).toEqual([
      "|         |    time | / local |",
      "|---------|--------:|--------:|",
      "| pullbak | 12.35 s |    3.1x |",
      "| borg    |  4.00 s |    1.0x |",
    ]);
    expect(ratio(1, Number.NaN)).toBe("-");
  });
});
