// The portal's use of the shared error translator: the sentence in the UI
// language for the page, and the server's text (code, message, details,
// hint) for the "Technical details" fold and the console.
import {
  asPostgrestError,
  translateError,
} from "../../shared/postgrest-errors.ts";
import { i18n } from "./i18n/index.ts";

/** A failed request as the portal shows it. */
export type PortalError = {
  /** The sentence for the user, in the UI language. */
  message: string;
  /** The server's own text on lines, or "" when the error had none. */
  technical: string;
};

/** Translates an error for the page and logs the server's text. */
export function describeError(error: unknown, context: string): PortalError {
  const translated = translateError(
    error,
    i18n.language === "en" ? "en" : "tr",
  );
  if (translated.technical) {
    console.error(`${context}: ${translated.technical}`);
  }

  return { message: translated.message, technical: technicalLines(error) };
}

// The server's text of an error on up to three lines: "[code] message",
// then the details and the hint, which are sentences of their own.
function technicalLines(error: unknown): string {
  const fields = asPostgrestError(error);
  const head = [fields.code ? `[${fields.code}]` : "", fields.message ?? ""]
    .filter(Boolean)
    .join(" ");

  return [head, fields.details ?? "", fields.hint ?? ""]
    .filter(Boolean)
    .join("\n");
}

/**
 * Translates an error and puts its sentence into `frame`, such as
 * "Kaydedilemedi: {{message}}", keeping the server's text beside it.
 */
export function describeFailure(
  frame: (message: string) => string,
  error: unknown,
  context: string,
): PortalError {
  const described = describeError(error, context);

  return { ...described, message: frame(described.message) };
}
