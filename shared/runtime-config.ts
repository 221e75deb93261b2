// Runtime settings of the browser apps. The server that hosts a static build
// writes them to /config.js, so one build serves any Supabase project.
// PORTAL_URL, the portal's address, is optional: the admin links to the
// portal only when it is set.
export type RuntimeConfig = {
  SUPABASE_URL: string;
  SUPABASE_ANON_KEY: string;
  PORTAL_URL?: string;
};

declare global {
  interface Window {
    __ENV__?: Partial<RuntimeConfig>;
  }
}

export function readRuntimeConfig(): RuntimeConfig {
  const read = (name: "SUPABASE_URL" | "SUPABASE_ANON_KEY"): string => {
    const value = window.__ENV__?.[name];
    if (!value) {
      throw new Error(`${name} is missing from /config.js`);
    }

    return value;
  };

  const portalUrl = window.__ENV__?.PORTAL_URL;

  return {
    SUPABASE_URL: read("SUPABASE_URL"),
    SUPABASE_ANON_KEY: read("SUPABASE_ANON_KEY"),
    ...(portalUrl ? { PORTAL_URL: portalUrl } : {}),
  };
}

// Decodes the payload of a JWT that the auth server has already verified.
// It checks nothing, so use it only on tokens from a verified session.
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  const binary = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));

  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}
