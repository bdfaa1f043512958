/** A failed undo step: what it was and why it failed. */
export interface UndoFailure {
  label: string;
  error: unknown;
}

type UndoStep = { label: string; undo: () => Promise<void> | void };

/**
 * Every acquired resource pushes the step that releases it. `unwind` runs the
 * steps in reverse order of acquisition, and a step that throws does not stop
 * the ones below it: a failed unmount must not leave the next mount in place.
 */
export class UndoStack {
  readonly #steps: UndoStep[] = [];
  #unwinding: Promise<UndoFailure[]> | undefined;

  push(label: string, undo: () => Promise<void> | void): void {
    this.#steps.push({ label, undo });
  }

  get size(): number {
    return this.#steps.length;
  }

  /** Runs every pending step once, newest first; concurrent callers share one unwind. */
  unwind(): Promise<UndoFailure[]> {
    this.#unwinding ??= this.#runAll().finally(() => {
      this.#unwinding = undefined;
    });
    return this.#unwinding;
  }

  async #runAll(): Promise<UndoFailure[]> {
    const failures: UndoFailure[] = [];
    for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        failures.push({ label: step.label, error });
      }
    }
    return failures;
  }
}
