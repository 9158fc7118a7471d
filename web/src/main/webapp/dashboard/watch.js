// Subscribing a view to one query of the source, with its failures reported in #problem and
// cleared again when the query succeeds.

/**
 * Calls render(state) for each state of the query {organizationId, dataType, params}; returns the
 * function that stops watching (the query becomes inactive when nothing else watches it).
 */
export function watch(context, dataType, params, render) {
  const key = `${dataType}:${JSON.stringify(params ?? {})}`;
  const query = context.source.query({ organizationId: context.organizationId, dataType, params });
  const stop = query.subscribe((state) => {
    if (state?.status === "error") context.problems.report(key, state.error);
    else if (state?.status === "success") context.problems.clear(key);
    render(state ?? { status: "pending" });
  });
  return () => {
    context.problems.clear(key);
    if (typeof stop === "function") stop();
  };
}

/** The data of a successful state, or undefined while there is none. */
export function documentOf(state) {
  return state?.data ?? undefined;
}
