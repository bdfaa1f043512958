/**
 * Like Promise.all, but waits for every promise before failing. Work done in
 * parallel must be finished before the teardown that a failure triggers, or
 * the teardown races with half-made hosts. Throws the failure, or an
 * AggregateError holding all of them when several failed.
 */
export async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === "rejected");
  const [first] = failures;
  if (first) {
    if (failures.length === 1) throw first.reason;
    throw new AggregateError(
      failures.map((failure) => failure.reason),
      `${failures.length} of ${results.length} parallel steps failed; first: ${messageOf(first.reason)}`,
    );
  }
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
