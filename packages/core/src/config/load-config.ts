import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { PullbakError } from "../errors.js";
import { configInvalid } from "./config-error.js";
import { configSchema, type PullbakConfig } from "./schema.js";

export interface LoadedConfig {
  file: string;
  config: PullbakConfig;
}

async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new PullbakError("CONFIG_NOT_FOUND", `${file}: cannot read the config: ${reason} (pass --config FILE)`, { cause: error });
  }
}

/** Parses YAML text; the file name only labels errors. */
export function parseConfig(text: string, file: string): LoadedConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const where = syntaxError.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}` : "somewhere";
    throw new PullbakError("CONFIG_SYNTAX", `${file}: YAML syntax error at ${at}: ${syntaxError.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
  }
  const data: unknown = document.toJS();
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw configInvalid(file, parsed.error.issues, data);
  return { file, config: parsed.data };
}

export async function loadConfig(file: string): Promise<LoadedConfig> {
  return parseConfig(await readConfigText(file), file);
}
