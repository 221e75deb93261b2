import { useCallback, useEffect, useState } from "react";
import { TECHNICAL_SEPARATOR } from "./errors/technical.ts";
import { translateForAdmin } from "./errors/translate.ts";
import { supabase } from "./supabase.ts";

export type LoadState<T> = {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
};

// The translated sentence of an error, with the server's text after
// TECHNICAL_SEPARATOR (shown by ErrorDescription).
export function loadErrorText(error: unknown, context: string): string {
  const translated = translateForAdmin(error, context);

  return translated.technical
    ? `${translated.message}${TECHNICAL_SEPARATOR}${translated.technical}`
    : translated.message;
}

// Runs `load` when `key` changes (compared as JSON) or `reload` is called,
// and keeps its result or its translated error message.
export function useLoader<T>(
  load: () => Promise<T>,
  key: unknown,
): LoadState<T> {
  const [state, setState] = useState<Omit<LoadState<T>, "reload">>({
    data: null,
    error: null,
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const keyText = JSON.stringify(key);

  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => {
        if (current) {
          setState({ data, error: null, loading: false });
        }
      },
      (error: unknown) => {
        if (current) {
          setState({
            data: null,
            error: loadErrorText(error, "load"),
            loading: false,
          });
        }
      },
    );

    return () => {
      current = false;
    };
    // `load` is left out on purpose: callers pass a new function on every
    // render, and `key` decides when to load again.
  }, [keyText, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  return { ...state, reload };
}

// Calls a database function through PostgREST with `args`.
export function useRpc<T>(
  name: string,
  args: Record<string, unknown> = {},
): LoadState<T> {
  return useLoader(async () => {
    const { data, error } = await supabase.rpc(name, args);
    if (error) {
      throw error;
    }

    return data as T;
  }, [name, args]);
}
