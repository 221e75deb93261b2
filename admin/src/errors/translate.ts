// The admin's use of the shared error translator: the UI language comes from
// i18next and the field labels from the resource catalogue.
import type { DataProvider, HttpError } from "@refinedev/core";
import {
  type ErrorLanguage,
  labelerFor,
  type TranslatedError,
  translateError,
} from "../../../shared/postgrest-errors.ts";
import { RESOURCES } from "../catalogue/resources.ts";
import { i18n } from "../i18n/index.ts";

const labelField = labelerFor(RESOURCES);

// Separates the user's sentence from the server's text in the message of a
// translated HttpError; the notification provider shows them on two lines.
export const TECHNICAL_SEPARATOR = "\n";

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

// Splits a translated HttpError message into the sentence and the server's
// text; the second part is "" for a message that was not translated.
export function splitTechnical(message: string): [string, string] {
  const index = message.indexOf(TECHNICAL_SEPARATOR);
  if (index < 0) {
    return [message, ""];
  }

  return [message.slice(0, index), message.slice(index + 1)];
}

// Wraps a data provider so that every rejected call carries the translated
// sentence (and the server's text after TECHNICAL_SEPARATOR) as its message.
// The code, details and hint of the original error stay on the object.
export function withTranslatedErrors<T extends DataProvider>(provider: T): T {
  const wrapped: Record<string, unknown> = { ...provider };
  for (const [name, method] of Object.entries(provider)) {
    if (typeof method !== "function") {
      continue;
    }
    const call = method as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await call.apply(provider, args);
      } catch (error) {
        const resource = (args[0] as { resource?: string } | undefined)
          ?.resource;
        const translated = translateForAdmin(
          error,
          `data provider ${name} ${resource ?? ""}`.trim(),
        );
        const original = (error ?? {}) as Partial<HttpError>;
        const message = translated.technical
          ? `${translated.message}${TECHNICAL_SEPARATOR}${translated.technical}`
          : translated.message;

        throw {
          ...original,
          message,
          statusCode: original.statusCode ?? 0,
          errorCode: translated.code,
        } satisfies HttpError;
      }
    };
  }

  return wrapped as T;
}
