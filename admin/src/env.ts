// Runtime settings of the browser app. The server that hosts the static
// build writes them to /config.js, so one build serves any Supabase project.
type RuntimeConfig = { SUPABASE_URL: string; SUPABASE_ANON_KEY: string };

declare global {
  interface Window {
    __ENV__?: Partial<RuntimeConfig>;
  }
}

function read(name: keyof RuntimeConfig): string {
  const value = window.__ENV__?.[name];
  if (!value) {
    throw new Error(`${name} is missing from /config.js`);
  }

  return value;
}

export const env: RuntimeConfig = {
  SUPABASE_URL: read("SUPABASE_URL"),
  SUPABASE_ANON_KEY: read("SUPABASE_ANON_KEY"),
};
