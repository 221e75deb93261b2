// The conformance runner's configuration: where the suite lives, the core
// case list, and the cases judged outside what Supabase's clients use.

// Cases left out, each with the reason. They count as not passed in the core
// rate and are listed apart from failures.
export const EXCLUDED: Record<number, string> = {
  1388: "needs the pg-safeupdate extension preloaded, which the embedded Postgres does not ship",
  1389: "needs the pg-safeupdate extension preloaded, which the embedded Postgres does not ship",
};

// Feature prefixes left out, each with the reason.
export const EXCLUDED_FEATURES: Record<string, string> = {
  "observability/server-timing":
    "Supabase does not enable PostgREST's Server-Timing header; no client reads it",
  "observability/trace-header":
    "Supabase does not configure a PostgREST trace header; its gateway sets request ids",
  "observability/log-level":
    "checks the PostgREST process's log output, which Supabase keeps to itself",
  "content_negotiation/geojson":
    "needs the PostGIS extension, which the embedded Postgres does not ship",
  "content_negotiation/plan":
    "the execution-plan media type is disabled in Supabase (db-plan-enabled is off)",
};

// Areas whose cases exercise the PostgREST binary's own command line and
// logging rather than the HTTP API Supabase exposes.
export const EXCLUDED_KINDS: Record<string, string> = {
  cli: "runs the PostgREST binary's command line (--dump-config, config files), which Supabase does not expose",
};
