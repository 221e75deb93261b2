// Project secrets of one data folder: the JWT secret and database passwords
// are generated on first start and kept beside the data, never committed.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { SignJWT } from "jose";

export type ProjectSecrets = {
  jwtSecret: string;
  dbPassword: string;
  authenticatorPassword: string;
};

export async function loadOrCreateSecrets(
  stackDir: string,
): Promise<ProjectSecrets> {
  const file = path.join(stackDir, "secrets.json");
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, "utf8")) as ProjectSecrets;
  }
  const secrets: ProjectSecrets = {
    jwtSecret: randomBytes(32).toString("base64url"),
    dbPassword: randomBytes(18).toString("base64url"),
    authenticatorPassword: randomBytes(18).toString("base64url"),
  };
  await mkdir(stackDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });

  return secrets;
}

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

// Signs an API key the way Supabase makes `anon` and `service_role` keys:
// a long-lived HS256 JWT whose only authority is its role claim.
export async function signApiKey(
  jwtSecret: string,
  role: "anon" | "service_role",
): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000);

  return new SignJWT({ iss: "supabase-demo", role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + TEN_YEARS_S)
    .sign(new TextEncoder().encode(jwtSecret));
}
