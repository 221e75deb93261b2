// Date, month and year pickers of the portal's forms. They show dates the
// way the UI language writes them (Turkish 31.12.2026, English 31/12/2026)
// and hand ISO text to the form: "2026-12-31", "2026-12" or "2026", as the
// API takes them.
import { DatePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import customParseFormat from "dayjs/plugin/customParseFormat";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";

// DatePicker reads typed text in its display format through this plugin.
dayjs.extend(customParseFormat);

export type PickerKind = "date" | "month" | "year";

// The ISO form each picker kind hands to the form.
const ISO_FORMAT: Record<PickerKind, string> = {
  date: "YYYY-MM-DD",
  month: "YYYY-MM",
  year: "YYYY",
};

// The display form of each picker kind per UI language.
const DISPLAY_FORMAT: Record<"tr" | "en", Record<PickerKind, string>> = {
  tr: { date: "DD.MM.YYYY", month: "MM.YYYY", year: "YYYY" },
  en: { date: "DD/MM/YYYY", month: "MM/YYYY", year: "YYYY" },
};

/** Returns the display format of a picker kind in the current language. */
function useDisplayFormat(kind: PickerKind): string {
  const { i18n } = useTranslation();

  return DISPLAY_FORMAT[i18n.language === "en" ? "en" : "tr"][kind];
}

/** Reads ISO text of a picker kind, or returns null when it is not valid. */
function parseIso(kind: PickerKind, value: string | null): Dayjs | null {
  if (!value) {
    return null;
  }
  const parsed = dayjs(value, ISO_FORMAT[kind], true);

  return parsed.isValid() ? parsed : null;
}

type IsoPickerProps = {
  id?: string;
  kind: PickerKind;
  /** ISO text: "2026-12-31", "2026-12" or "2026" by kind. */
  value: string | null;
  onChange: (value: string | null) => void;
  /** The first ISO date, month or year that may be picked. */
  min?: string;
  ariaLabel?: string;
  style?: CSSProperties;
};

/** Renders a date, month or year picker that reads and writes ISO text. */
export function IsoPicker({
  id,
  kind,
  value,
  onChange,
  min,
  ariaLabel,
  style,
}: IsoPickerProps) {
  const format = useDisplayFormat(kind);
  const first = min ? parseIso(kind, min) : null;

  return (
    <DatePicker
      id={id}
      picker={kind}
      format={format}
      placeholder={format}
      aria-label={ariaLabel}
      style={style}
      value={parseIso(kind, value)}
      disabledDate={
        first ? (day: Dayjs) => day.isBefore(first, kind) : undefined
      }
      onChange={(picked: Dayjs | null) =>
        onChange(picked ? picked.format(ISO_FORMAT[kind]) : null)
      }
    />
  );
}
