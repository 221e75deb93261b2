import { useCallback, useEffect, useState } from "react";
import { supabase } from "./supabase.ts";

export type RpcState<T> = {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
};

// Calls a database function through PostgREST and reloads it when `args`
// change (compared as JSON) or `reload` is called.
export function useRpc<T>(
  name: string,
  args: Record<string, unknown> = {},
): RpcState<T> {
  const [state, setState] = useState<Omit<RpcState<T>, "reload">>({
    data: null,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(args);

  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    void supabase
      .rpc(name, JSON.parse(key) as Record<string, unknown>)
      .then(({ data, error }) => {
        if (!current) {
          return;
        }
        setState(
          error
            ? { data: null, error: error.message, loading: false }
            : { data: data as T, error: null, loading: false },
        );
      });

    return () => {
      current = false;
    };
    // generation is a dependency so that reload() calls the function again.
  }, [name, key, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  return { ...state, reload };
}
