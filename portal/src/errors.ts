// The portal's use of the shared error translator: the sentence in the UI
// language for the page, the server's text in the console for support.
import { translateError } from "../../shared/postgrest-errors.ts";
import { i18n } from "./i18n/index.ts";

export function errorMessage(error: unknown, context: string): string {
  const translated = translateError(
    error,
    i18n.language === "en" ? "en" : "tr",
  );
  if (translated.technical) {
    console.error(`${context}: ${translated.technical}`);
  }

  return translated.message;
}
