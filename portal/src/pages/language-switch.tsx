import { Select } from "antd";
import { useTranslation } from "react-i18next";
import { changeLanguage } from "../i18n/index.ts";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();

  return (
    <Select
      aria-label={t("app.language")}
      value={i18n.language === "en" ? "en" : "tr"}
      onChange={(language: "tr" | "en") => void changeLanguage(language)}
      options={[
        { value: "tr", label: "Türkçe" },
        { value: "en", label: "English" },
      ]}
      style={{ width: 110 }}
    />
  );
}
