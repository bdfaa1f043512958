/** `2026-11-23T01:05:35Z`: sortable, UTC so that hosts in any zone line up. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function archiveName(template: string, host: string, now: Date = new Date()): string {
  return template.replaceAll("{host}", host).replaceAll("{now}", timestamp(now));
}
