import parse from "parse-duration";
import { z } from "zod";

/**
 * Durations in the config (`maxAge: 26h`, `timeout: 6h`, check `frequency: 2 weeks`)
 * are written the way borgmatic users write them: a number with a unit, or several
 * (`1d 12h`). Units, by parse-duration 2: s, m (minutes), h, d, w / week(s),
 * mo / month(s) (30.44 days), y / year(s). A bare YAML number means seconds; a string
 * without a unit is refused, since "10" could mean anything.
 *
 * @returns whole seconds, or undefined when `text` is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const milliseconds = parse(trimmed);
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds) || milliseconds < 0) return undefined;
  return Math.round(milliseconds / 1000);
}

/** A config duration, validated and turned into whole seconds. */
export const durationSchema = z.union([
  z.number().nonnegative(),
  z.string().transform((text, context) => {
    const seconds = parseDuration(text);
    if (seconds === undefined) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `expected a duration such as "26h", "2 weeks" or "90s", found ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return seconds;
  }),
]);
