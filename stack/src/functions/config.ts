// Reads the per-function settings of supabase/config.toml the way the
// Supabase CLI does: `[functions.<name>]` with `verify_jwt` (default true)
// and `entrypoint`, a path relative to the folder of config.toml.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "smol-toml";

export type FunctionSettings = {
  verifyJwt: boolean;
  entrypoint: string;
};

// Function names as the CLI accepts them. Names starting with "_" (such as
// _shared) are folders of shared modules, never functions.
export const FUNCTION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export class FunctionsConfig {
  constructor(
    private readonly functionsDir: string,
    private readonly declared: Map<string, Partial<FunctionSettings>>,
  ) {}

  static async load(
    configPath: string,
    functionsDir: string,
  ): Promise<FunctionsConfig> {
    const declared = new Map<string, Partial<FunctionSettings>>();
    if (!existsSync(configPath)) {
      return new FunctionsConfig(functionsDir, declared);
    }
    const toml = parse(await readFile(configPath, "utf8"));
    const sections = (toml.functions ?? {}) as Record<string, unknown>;
    const baseDir = path.dirname(configPath);
    for (const [name, value] of Object.entries(sections)) {
      const section = (value ?? {}) as Record<string, unknown>;
      const settings: Partial<FunctionSettings> = {};
      if (section.verify_jwt !== undefined) {
        if (typeof section.verify_jwt !== "boolean") {
          throw new Error(
            `${configPath}: [functions.${name}] verify_jwt must be true or false`,
          );
        }
        settings.verifyJwt = section.verify_jwt;
      }
      if (section.entrypoint !== undefined) {
        if (typeof section.entrypoint !== "string") {
          throw new Error(
            `${configPath}: [functions.${name}] entrypoint must be a path`,
          );
        }
        settings.entrypoint = path.resolve(baseDir, section.entrypoint);
      }
      declared.set(name, settings);
    }

    return new FunctionsConfig(functionsDir, declared);
  }

  // Returns the settings of a function, or undefined when it has no
  // entrypoint file.
  settingsFor(name: string): FunctionSettings | undefined {
    if (!FUNCTION_NAME_PATTERN.test(name)) {
      return undefined;
    }
    const declared = this.declared.get(name) ?? {};
    const entrypoint =
      declared.entrypoint ?? path.join(this.functionsDir, name, "index.ts");
    if (!existsSync(entrypoint)) {
      return undefined;
    }

    return { verifyJwt: declared.verifyJwt ?? true, entrypoint };
  }
}

// Parses a dotenv file (KEY=value lines, `#` comments, optional quotes) as
// `supabase functions serve --env-file` accepts it.
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) {
      continue;
    }
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(
      line,
    );
    if (!match) {
      continue;
    }
    const key = match[1] as string;
    let value = (match[2] as string).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') {
        value = value.replace(/\\n/g, "\n");
      }
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    values[key] = value;
  }

  return values;
}
