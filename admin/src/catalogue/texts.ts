import { RESOURCES } from "./resources.ts";

// i18next texts of the catalogue: Refine's `<resource>.<resource>` menu and
// breadcrumb label and `<resource>.fields.<column>` for every column.
export function catalogueTexts(language: "tr" | "en") {
  return Object.fromEntries(
    RESOURCES.map((resource) => [
      resource.name,
      {
        [resource.name]: resource.label[language],
        fields: Object.fromEntries(
          resource.fields.map((field) => [field.name, field.label[language]]),
        ),
      },
    ]),
  );
}
