import { useGetLocale, useSetLocale, useTranslate } from "@refinedev/core";
import { Select } from "antd";

export function LanguageSwitch() {
  const locale = useGetLocale();
  const changeLanguage = useSetLocale();
  const translate = useTranslate();

  return (
    <Select
      aria-label={translate("app.language")}
      value={locale()}
      onChange={(language) => changeLanguage(language)}
      options={[
        { value: "tr", label: "Türkçe" },
        { value: "en", label: "English" },
      ]}
      style={{ width: 110 }}
    />
  );
}
