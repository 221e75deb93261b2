// The admin's use of the shared error translator: the UI language comes from
// i18next and the field labels from the resource catalogue.
import {
  type ErrorLanguage,
  labelerFor,
  type TranslatedError,
  translateError,
} from "../../../shared/postgrest-errors.ts";
import { RESOURCES } from "../catalogue/resources.ts";
import { i18n } from "../i18n/index.ts";

const labelField = labelerFor(RESOURCES);

function language(): ErrorLanguage {
  return i18n.language === "en" ? "en" : "tr";
}

// Translates an error into the UI language with field labels of the
// catalogue, and logs the server's text once.
export function translateForAdmin(
  error: unknown,
  context: string,
): TranslatedError {
  const translated = translateError(error, language(), labelField);
  if (translated.technical) {
    console.error(`${context}: ${translated.technical}`);
  }

  return translated;
}

// The user's sentence for an error, for alerts and messages.
export function errorMessage(error: unknown, context: string): string {
  return translateForAdmin(error, context).message;
}
