// Turkish and English texts through i18next, Turkish by default; the choice
// is kept in localStorage.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.ts";
import { tr } from "./tr.ts";

const STORAGE_KEY = "enerji.portal.language";

void i18n.use(initReactI18next).init({
  resources: { tr: { translation: tr }, en: { translation: en } },
  lng: localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "tr",
  fallbackLng: "tr",
  interpolation: { escapeValue: false },
});

export async function changeLanguage(language: "tr" | "en"): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

export { i18n };
