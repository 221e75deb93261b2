// Password hashing (bcrypt at cost 10, as Supabase Auth) and the strength
// rules of [auth] minimum_password_length and password_requirements.
import bcrypt from "bcryptjs";
import type { AuthConfig, PasswordRequirements } from "./config.ts";
import { AuthError, weakPasswordError } from "./errors.ts";

const BCRYPT_COST = 10;
// bcrypt reads only the first 72 bytes of a password.
const MAX_PASSWORD_BYTES = 72;

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SYMBOLS = "!@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~";

// Character sets of which a password needs at least one character each, as
// the Supabase CLI translates password_requirements.
const REQUIRED_CHARACTERS: Record<PasswordRequirements, string[]> = {
  "": [],
  letters_digits: [LOWER + UPPER, DIGITS],
  lower_upper_letters_digits: [LOWER, UPPER, DIGITS],
  lower_upper_letters_digits_symbols: [LOWER, UPPER, DIGITS, SYMBOLS],
};

export type WeakPassword = { reasons: string[]; message: string };

// Returns why a password breaks the configured rules, or undefined when it
// meets them.
export function passwordWeakness(
  config: AuthConfig,
  password: string,
): WeakPassword | undefined {
  const reasons: string[] = [];
  const messages: string[] = [];
  if ([...password].length < config.minimumPasswordLength) {
    reasons.push("length");
    messages.push(
      `Password should be at least ${config.minimumPasswordLength} characters.`,
    );
  }
  const sets = REQUIRED_CHARACTERS[config.passwordRequirements];
  const missesASet = sets.some(
    (set) => ![...password].some((character) => set.includes(character)),
  );
  if (missesASet) {
    reasons.push("characters");
    messages.push(
      `Password should contain at least one character of each: ${sets.join(", ")}.`,
    );
  }

  return reasons.length > 0
    ? { reasons, message: messages.join(" ") }
    : undefined;
}

// Rejects a new password that is too long for bcrypt or breaks the rules.
export function assertStrongPassword(
  config: AuthConfig,
  password: string,
): void {
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) {
    throw new AuthError(
      422,
      "validation_failed",
      `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`,
    );
  }

  const weakness = passwordWeakness(config, password);
  if (weakness) {
    throw weakPasswordError(weakness.message, weakness.reasons);
  }
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function passwordMatches(
  password: string,
  hash: string | null,
): Promise<boolean> {
  if (!hash) {
    return false;
  }

  return bcrypt.compare(password, hash);
}
