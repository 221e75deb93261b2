// The message of a translated error: the user's sentence, then the
// server's text. Kept apart from i18next so that it runs without a browser.
import type { DataProvider, HttpError } from "@refinedev/core";
import type { TranslatedError } from "../../../shared/postgrest-errors.ts";

// Separates the user's sentence from the server's text in the message of a
// translated HttpError; the notification provider shows them on two lines.
export const TECHNICAL_SEPARATOR = "\n";

// Splits a translated HttpError message into the sentence and the server's
// text; the second part is "" for a message that was not translated.
export function splitTechnical(message: string): [string, string] {
  const index = message.indexOf(TECHNICAL_SEPARATOR);
  if (index < 0) {
    return [message, ""];
  }

  return [message.slice(0, index), message.slice(index + 1)];
}

// The data provider methods that return promises. getApiUrl returns a
// string and stays as it is.
const ASYNC_METHODS = [
  "getList",
  "getMany",
  "getOne",
  "create",
  "createMany",
  "update",
  "updateMany",
  "deleteOne",
  "deleteMany",
  "custom",
] as const satisfies readonly (keyof DataProvider)[];

// Wraps a data provider so that every rejected call carries the translated
// sentence (and the server's text after TECHNICAL_SEPARATOR) as its message.
// The code, details and hint of the original error stay on the object.
export function withTranslatedErrors<T extends DataProvider>(
  provider: T,
  translate: (error: unknown, context: string) => TranslatedError,
): T {
  const wrapped: Record<string, unknown> = { ...provider };
  for (const name of ASYNC_METHODS) {
    const method = provider[name];
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
        const translated = translate(
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
