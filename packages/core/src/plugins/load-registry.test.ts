import { cp, mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../config/load-config.js";
import { PullbakError } from "../errors.js";
import { loadRegistry } from "./load-registry.js";
import { definePlugin } from "./manifest.js";

const fixtures = join(import.meta.dirname, "__fixtures__");
const builtinTransport = definePlugin({ name: "sshfs", kind: "transport", apiVersion: 1, description: "test double", create: () => ({ open: async () => ({}) }) });

let etc: string;
beforeAll(async () => {
  // A config directory outside the workspace with its own node_modules, as a sysadmin would have in /etc/pullbak.
  etc = await mkdtemp(join(tmpdir(), "pullbak-etc-"));
  await mkdir(join(etc, "node_modules"));
  await cp(join(fixtures, "pullbak-plugin-hello"), join(etc, "node_modules", "pullbak-plugin-hello"), { recursive: true });
  await cp(join(fixtures, "pullbak-plugin-future"), join(etc, "plugins", "future"), { recursive: true });
});

async function registryFor(plugins: string): Promise<Awaited<ReturnType<typeof loadRegistry>>> {
  const file = join(etc, "pullbak.yaml");
  const text = `version: 1\nplugins: ${plugins}\nhosts: {}\n`;
  await writeFile(file, text);
  return loadRegistry([builtinTransport], parseConfig(text, file).config, file);
}

describe("third-party plugins", () => {
  it("loads a package named in plugins: from the config's directory", async () => {
    const registry = await registryFor(`["pullbak-plugin-hello"]`);
    expect(registry.get("hook", "hello").description).toBe("says hello before each job");
    expect(registry.list().find((p) => p.manifest.name === "hello")?.source).toBe("pullbak-plugin-hello");
  });

  it("keeps options given beside the package name", async () => {
    const registry = await registryFor(`[["pullbak-plugin-hello", { greeting: "hi" }]]`);
    expect(registry.defaultOptionsOf("hello")).toEqual({ greeting: "hi" });
  });

  it("refuses a plugin written for another API version, naming it and the expected version", async () => {
    const error = await registryFor(`["./plugins/future/index.js"]`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullbakError);
    expect((error as PullbakError).code).toBe("PLUGIN_API_VERSION");
    expect((error as Error).message).toMatch(/plugin future .* apiVersion 99|API 99/);
    expect((error as Error).message).toContain("expects apiVersion 1");
  });

  it("says where it looked when a package is missing", async () => {
    const error = (await registryFor(`["pullbak-plugin-nowhere"]`).catch((e: unknown) => e)) as PullbakError;
    expect(error.code).toBe("PLUGIN_LOAD_FAILED");
    expect(error.message).toContain('cannot find package "pullbak-plugin-nowhere"');
  });

  it("refuses a module whose export is not a manifest", async () => {
    await writeFile(join(etc, "not-a-plugin.js"), "export default { hello: 1 };\n");
    const error = (await registryFor(`["./not-a-plugin.js"]`).catch((e: unknown) => e)) as PullbakError;
    expect(error.code).toBe("PLUGIN_SHAPE");
    expect(error.message).toContain("no string `name`");
  });
});
