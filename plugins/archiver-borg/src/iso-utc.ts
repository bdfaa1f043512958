/** borg prints naive times in its TZ, which pullbak sets to UTC: `2026-01-01T00:00:00.000000` -> ISO 8601 with Z. */
export function isoUtc(naive: string): string {
  return new Date(/[Zz]|[+-]\d\d:\d\d$/.test(naive) ? naive : `${naive}Z`).toISOString();
}
