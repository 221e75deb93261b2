// Loads data for a page with supabase-js and tracks loading and errors.
import { type DependencyList, useCallback, useEffect, useState } from "react";
import { describeError, type PortalError } from "./errors.ts";

export type Loaded<T> = {
  data: T | undefined;
  error: PortalError | null;
  loading: boolean;
  reload: () => void;
};

type Result<T> = { data: T | null; error: { message: string } | null };

/**
 * Runs `query` when a dependency changes and on reload(). A query error is
 * kept, translated, for the page to show; a stale result is dropped.
 */
export function useLoad<T>(
  query: () => PromiseLike<Result<T>>,
  deps: DependencyList,
): Loaded<T> {
  const [state, setState] = useState<{
    data: T | undefined;
    error: PortalError | null;
    loading: boolean;
  }>({ data: undefined, error: null, loading: true });
  const [version, setVersion] = useState(0);
  const run = useCallback(query, deps);

  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    Promise.resolve(run()).then(
      (result) => {
        if (!current) {
          return;
        }
        setState({
          data: result.data ?? undefined,
          error: result.error ? describeError(result.error, "load") : null,
          loading: false,
        });
      },
      (error: unknown) => {
        if (current) {
          setState({
            data: undefined,
            error: describeError(error, "load"),
            loading: false,
          });
        }
      },
    );

    return () => {
      current = false;
    };
  }, [run, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return { ...state, reload };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tells whether a route parameter is a uuid, before it reaches a query. */
export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}
