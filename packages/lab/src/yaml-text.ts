/**
 * A tiny YAML writer for configs the lab generates, so the lab needs no YAML
 * dependency. Every string is written as a JSON string, which YAML reads as
 * the same double-quoted scalar: a path can never turn into a number, a
 * boolean, a flow mapping (`{host}`) or a comment. Mappings whose values are
 * all scalars, and arrays, are written in flow style (`{ a: 1 }`, `[x]`) to
 * keep the file short; other mappings in block style.
 */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

export function yamlText(value: { [key: string]: YamlValue }): string {
  return blockMapping(value, 0);
}

function blockMapping(mapping: { [key: string]: YamlValue }, depth: number): string {
  const pad = "  ".repeat(depth);
  return Object.entries(mapping)
    .map(([key, value]) => {
      if (isMapping(value) && !isFlat(value)) return `${pad}${yamlKey(key)}:\n${blockMapping(value, depth + 1)}`;
      return `${pad}${yamlKey(key)}: ${flow(value)}\n`;
    })
    .join("");
}

function flow(value: YamlValue): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(", ")}]`;
  if (isMapping(value)) {
    const entries = Object.entries(value).map(([key, inner]) => `${yamlKey(key)}: ${flow(inner)}`);
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to YAML`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Keys stay plain when YAML cannot read them as anything but that string. */
function yamlKey(key: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9_-]*$/.test(key) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(key);
  return plain ? key : JSON.stringify(key);
}

function isMapping(value: YamlValue): value is { [key: string]: YamlValue } {
  return typeof value === "object" && !Array.isArray(value);
}

function isFlat(mapping: { [key: string]: YamlValue }): boolean {
  return Object.values(mapping).every((value) => !isMapping(value) && !Array.isArray(value));
}
