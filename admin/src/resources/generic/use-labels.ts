import { useGetLocale, useTranslate } from "@refinedev/core";
import type { Label } from "../../catalogue/types.ts";
import type { Translate } from "../../format/values.ts";

export type Labels = {
  language: "tr" | "en";
  label: (label: Label) => string;
  translate: Translate;
  t: (key: string, options?: Record<string, unknown>) => string;
};

// The current language and the translators the generic pages use.
export function useLabels(): Labels {
  const refineTranslate = useTranslate();
  const locale = useGetLocale();
  const language = locale() === "en" ? "en" : "tr";

  return {
    language,
    label: (label) => label[language],
    translate: (key, fallback) => refineTranslate(key, undefined, fallback),
    t: (key, options) => refineTranslate(key, options),
  };
}
