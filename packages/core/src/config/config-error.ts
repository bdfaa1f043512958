import type { ZodIssue } from "zod";
import { PullbakError } from "../errors.js";

/** `hosts.web1.port`, or `(top level)` for the document itself. */
export function keyPath(path: readonly (string | number)[]): string {
  return path.length === 0 ? "(top level)" : path.map(String).join(".");
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  const json = JSON.stringify(value);
  const shown = json !== undefined && json.length > 60 ? `${json.slice(0, 57)}...` : json;
  return `${Array.isArray(value) ? "array" : value === null ? "null" : typeof value} ${shown}`;
}

/** What was expected at ISSUE's path and what DATA holds there, e.g. `expected number, found string "x"`. */
export function describeIssue(issue: ZodIssue, data: unknown): string {
  const found = describeFound(valueAt(data, issue.path));
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}, found ${issue.received === "undefined" ? "nothing (the key is required)" : found}`;
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_literal":
      return `expected ${JSON.stringify(issue.expected)}, found ${found}`;
    case "invalid_enum_value":
      return `expected one of ${issue.options.map(String).join(", ")}, found ${found}`;
    case "invalid_union":
      return `expected ${unionExpectation(issue.path)}, found ${found}`;
    default:
      return `${issue.message}, found ${found}`;
  }
}

function unionExpectation(path: readonly (string | number)[]): string {
  const last = path[path.length - 1];
  if (last === "passphrase") return "one of {command: ...}, {file: /path}, {env: NAME}";
  return "one of the allowed forms (see docs/config.md)";
}

/** One line per problem, each naming the file and the key path. */
export function configInvalid(file: string, issues: readonly ZodIssue[], data: unknown): PullbakError {
  const lines = issues.map((issue) => `${file}: ${keyPath(issue.path)}: ${describeIssue(issue, data)}`);
  return new PullbakError("CONFIG_INVALID", lines.join("\n"));
}
