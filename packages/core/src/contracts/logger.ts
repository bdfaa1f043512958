export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Progress of a long step; shown on a terminal, dropped from plain logs. */
  progress(message: string): void;
}
