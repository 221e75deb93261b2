// Turkish and English texts through i18next, Turkish by default; the choice
// is kept in localStorage.
import type { I18nProvider } from "@refinedev/core";
import dayjs from "dayjs";
import "dayjs/locale/tr";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { catalogueTexts } from "../catalogue/texts.ts";
import { en } from "./en.ts";
import { tr } from "./tr.ts";

export const LANGUAGES = ["tr", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "enerji.language";

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);

  return stored === "en" ? "en" : "tr";
}

void i18n.use(initReactI18next).init({
  resources: {
    tr: { translation: { ...catalogueTexts("tr"), ...tr } },
    en: { translation: { ...catalogueTexts("en"), ...en } },
  },
  lng: initialLanguage(),
  fallbackLng: "tr",
  interpolation: { escapeValue: false },
});

// antd's date pickers take month names and the first day of the week from
// dayjs: the "tr" locale starts weeks on Monday, dayjs's default "en" on
// Sunday.
function setDayjsLocale(language: string): void {
  dayjs.locale(language === "en" ? "en" : "tr");
}

setDayjsLocale(i18n.language);
i18n.on("languageChanged", setDayjsLocale);

export const i18nProvider: I18nProvider = {
  translate: (key, options, defaultMessage) => {
    const text = i18n.t(key, {
      ...(options as object),
      defaultValue: defaultMessage,
    });

    return typeof text === "string" ? text : key;
  },
  changeLocale: async (language) => {
    localStorage.setItem(STORAGE_KEY, language);
    await i18n.changeLanguage(language);
    document.documentElement.lang = language;
  },
  getLocale: () => i18n.language,
};

export { i18n };
