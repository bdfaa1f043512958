export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Progress of a long step; shown on a terminal, dropped from plain logs. */
  progress(message: string): void;
  /**
   * The last `count` lines this logger wrote (info and warnings, oldest
   * first), for a failure report such as a Healthchecks fail ping (issue #13).
   * Optional: a logger that keeps nothing leaves it out.
   */
  recent?(count: number): string[];
}
