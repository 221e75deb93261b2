// Form inputs for the field kinds: Turkish numbers (1.234,56), calendar
// dates, Istanbul wall-clock times and references to other records. Each
// input keeps the value in the form as the database wants it: decimal
// strings, "YYYY-MM-DD" dates and ISO instants.
import { useSelect } from "@refinedev/antd";
import { DatePicker, Input, Select, type SelectProps, Switch } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { useEffect, useState } from "react";
import {
  type IntervalUnit,
  intervalInUnit,
  intervalText,
} from "../../../../shared/interval.ts";
import { foldTurkish } from "../../../../shared/turkish.ts";
import { parseTurkishNumber } from "../../../../shared/turkish-number.ts";
import { findResource } from "../../catalogue/resources.ts";
import type { FieldDescription } from "../../catalogue/types.ts";
import { decimalString, TIME_ZONE } from "../../format/values.ts";
import type { Labels } from "./use-labels.ts";

dayjs.extend(utc);
dayjs.extend(timezone);

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function isDecimal(value: unknown): boolean {
  return typeof value === "string" && DECIMAL.test(value);
}

// Text typed into a number input that is not a Turkish number. It is kept
// apart from decimal strings so that "1234.56" (a point, not a comma) is
// reported instead of being read as 1234.56.
export type InvalidNumber = { invalidText: string };

export function isInvalidNumber(value: unknown): value is InvalidNumber {
  return typeof value === "object" && value !== null && "invalidText" in value;
}

// Writes a decimal string the Turkish way without rounding it:
// "-1234.5" becomes "-1.234,5".
export function toTurkishInput(decimal: string): string {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction] = (negative ? decimal.slice(1) : decimal).split(
    ".",
  );
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const body = fraction === undefined ? grouped : `${grouped},${fraction}`;

  return negative ? `-${body}` : body;
}

// Reads Turkish input ("1.234,56", "0,75", "1.000") into a decimal string,
// or returns null when the text is not a number in that format.
export function fromTurkishInput(text: string): string | null {
  return parseTurkishNumber(text);
}

type DecimalInputProps = {
  id?: string;
  value?: string | number | null;
  onChange?: (value: string | InvalidNumber | null) => void;
  suffix?: string;
  status?: "error";
  "aria-label"?: string;
  "aria-invalid"?: boolean;
};

// A text input for numbers in the Turkish format. The form receives a
// decimal string ("1234.56"), or an InvalidNumber for other text so that the
// field's validator reports it.
export function DecimalInput({
  id,
  value,
  onChange,
  suffix,
  status,
  ...rest
}: DecimalInputProps) {
  const external = decimalString(value);
  const [text, setText] = useState(external ? toTurkishInput(external) : "");

  useEffect(() => {
    const current = fromTurkishInput(text);
    if (external !== current && (external !== null || text.trim() === "")) {
      setText(external ? toTurkishInput(external) : "");
    }
  }, [external, text]);

  return (
    <Input
      id={id}
      aria-label={rest["aria-label"]}
      aria-invalid={rest["aria-invalid"]}
      value={text}
      inputMode="decimal"
      suffix={suffix}
      status={status}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        if (next.trim() === "") {
          onChange?.(null);

          return;
        }
        onChange?.(fromTurkishInput(next) ?? { invalidText: next });
      }}
      onBlur={() => {
        const parsed = fromTurkishInput(text);
        if (parsed !== null) {
          setText(toTurkishInput(parsed));
        }
      }}
    />
  );
}

type IntervalInputProps = {
  id?: string;
  value?: string | null;
  onChange?: (value: string | InvalidNumber | null) => void;
  unit: IntervalUnit;
  unitLabel: string;
};

// Returns the whole amount of `unit` an interval text stands for, or null.
function amountOf(value: string | null | undefined, unit: IntervalUnit) {
  return typeof value === "string" ? intervalInUnit(value, unit) : null;
}

// A whole number of minutes or seconds for an interval column. The form
// receives "45 minutes", which Postgres reads as an interval, or an
// InvalidNumber for other text. A stored interval that is not a whole number
// of the unit is shown as Postgres returned it and kept unless edited.
export function IntervalInput({
  id,
  value,
  onChange,
  unit,
  unitLabel,
}: IntervalInputProps) {
  const external = amountOf(value, unit);
  const [text, setText] = useState(
    external !== null ? String(external) : (value ?? ""),
  );

  useEffect(() => {
    const current = /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
    if (external !== null && external !== current) {
      setText(String(external));
    }
    if (external === null && typeof value === "string" && text === "") {
      setText(value);
    }
    if ((value === null || value === undefined) && current !== null) {
      setText("");
    }
  }, [external, text, value]);

  return (
    <Input
      id={id}
      value={text}
      inputMode="numeric"
      suffix={unitLabel}
      style={{ maxWidth: 200 }}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        const trimmed = next.trim();
        if (trimmed === "") {
          onChange?.(null);

          return;
        }
        onChange?.(
          /^\d+$/.test(trimmed)
            ? intervalText(Number(trimmed), unit)
            : { invalidText: next },
        );
      }}
    />
  );
}

type DateInputProps = {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  status?: "error";
  "aria-label"?: string;
};

// A calendar date ("YYYY-MM-DD"), shown as 05.01.2026.
export function DateInput({
  id,
  value,
  onChange,
  status,
  "aria-label": ariaLabel,
}: DateInputProps) {
  return (
    <DatePicker
      id={id}
      aria-label={ariaLabel}
      aria-invalid={status === "error"}
      status={status}
      format="DD.MM.YYYY"
      value={value ? dayjs(value, "YYYY-MM-DD") : null}
      onChange={(picked: Dayjs | null) =>
        onChange?.(picked ? picked.format("YYYY-MM-DD") : null)
      }
    />
  );
}

// An instant entered and shown as Istanbul wall-clock time, whatever the
// browser's time zone; the form holds the ISO instant.
export function DateTimeInput({ id, value, onChange }: DateInputProps) {
  const local = value
    ? dayjs(dayjs(value).tz(TIME_ZONE).format("YYYY-MM-DDTHH:mm:ss"))
    : null;

  return (
    <DatePicker
      id={id}
      showTime={{ format: "HH:mm" }}
      format="DD.MM.YYYY HH:mm"
      value={local}
      onChange={(picked: Dayjs | null) =>
        onChange?.(
          picked
            ? dayjs
                .tz(picked.format("YYYY-MM-DDTHH:mm:ss"), TIME_ZONE)
                .toISOString()
            : null,
        )
      }
    />
  );
}

type ReferenceSelectProps = {
  id?: string;
  field: FieldDescription;
  value?: string | number | null;
  onChange?: (value: string | number | null) => void;
};

type Option = NonNullable<SelectProps["options"]>[number];

// Adds the detail column to options whose labels repeat, so that two staff
// members with one name can be distinguished ("Emine Kaya · emine.k@…").
function withDetails(
  options: Option[],
  rows: Record<string, unknown>[],
  reference: NonNullable<FieldDescription["reference"]>,
): Option[] {
  const detailField = reference.detailField;
  if (!detailField) {
    return options;
  }
  const counts = new Map<unknown, number>();
  for (const option of options) {
    counts.set(option.label, (counts.get(option.label) ?? 0) + 1);
  }
  const idField = reference.idField ?? "id";
  const details = new Map(
    rows.map((row) => [String(row[idField]), row[detailField]]),
  );

  return options.map((option) => {
    const detail = details.get(String(option.value));
    if ((counts.get(option.label) ?? 0) < 2 || !detail) {
      return option;
    }

    return { ...option, label: `${option.label} · ${detail}` };
  });
}

// A searchable select of the referenced records. Tables with a folded
// search column are searched the Turkish way ("ışık" finds "IŞIK").
export function ReferenceSelect({
  id,
  field,
  value,
  onChange,
}: ReferenceSelectProps) {
  const reference = field.reference as NonNullable<
    FieldDescription["reference"]
  >;
  const target = findResource(reference.resource);
  const search = target?.search;
  const { selectProps, query, defaultValueQuery } = useSelect<
    Record<string, unknown>
  >({
    resource: reference.resource,
    optionLabel: reference.labelField,
    optionValue: reference.idField ?? "id",
    meta: { idColumnName: reference.idField ?? "id" },
    defaultValue: value ?? undefined,
    pagination: { pageSize: 50, mode: "server" },
    sorters: [{ field: reference.labelField, order: "asc" }],
    onSearch: (query) =>
      query.trim()
        ? [
            {
              field: search?.field ?? reference.labelField,
              operator: "contains",
              value: search?.folded ? foldTurkish(query.trim()) : query.trim(),
            },
          ]
        : [],
  });

  const options = withDetails(
    selectProps.options ?? [],
    [...(query.data?.data ?? []), ...(defaultValueQuery.data?.data ?? [])],
    reference,
  );

  return (
    <Select<string | number>
      {...(selectProps as SelectProps<string | number>)}
      options={options}
      id={id}
      allowClear
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      style={{ minWidth: 240 }}
    />
  );
}

const PHONE_PLACEHOLDER = "0532 111 22 33";

export function FieldInput({
  field,
  labels,
  ...props
}: {
  field: FieldDescription;
  labels: Labels;
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
  checked?: boolean;
}) {
  const { id, value, onChange } = props;
  switch (field.kind) {
    case "money":
      return (
        <DecimalInput
          id={id}
          value={value as string | null}
          onChange={onChange}
          suffix="₺"
        />
      );
    case "decimal":
    case "integer":
      return (
        <DecimalInput
          id={id}
          value={value as string | null}
          onChange={onChange}
        />
      );
    case "date":
      return (
        <DateInput id={id} value={value as string | null} onChange={onChange} />
      );
    case "datetime":
      return (
        <DateTimeInput
          id={id}
          value={value as string | null}
          onChange={onChange}
        />
      );
    case "boolean":
      return (
        <Switch
          id={id}
          checked={Boolean(props.checked ?? value)}
          onChange={(checked) => onChange?.(checked)}
        />
      );
    case "enum":
      return (
        <Select
          id={id}
          allowClear={!field.required}
          value={(value as string | null) ?? undefined}
          onChange={(next) => onChange?.(next ?? null)}
          style={{ minWidth: 200 }}
          options={(field.options ?? []).map((option) => ({
            value: option,
            label: labels.translate(`enums.${option}`, option),
          }))}
        />
      );
    case "reference":
      return (
        <ReferenceSelect
          id={id}
          field={field}
          value={value as string | null}
          onChange={onChange}
        />
      );
    case "interval": {
      const unit = field.intervalUnit ?? "minutes";

      return (
        <IntervalInput
          id={id}
          value={value as string | null}
          onChange={onChange}
          unit={unit}
          unitLabel={labels.t(`form_checks.${unit}`)}
        />
      );
    }
    case "longtext":
      return (
        <Input.TextArea
          id={id}
          rows={3}
          value={(value as string | null) ?? ""}
          onChange={(event) => onChange?.(event.target.value)}
        />
      );
    default:
      return (
        <Input
          id={id}
          placeholder={field.format === "phone" ? PHONE_PLACEHOLDER : undefined}
          inputMode={field.format === "phone" ? "tel" : undefined}
          value={(value as string | null) ?? ""}
          onChange={(event) => onChange?.(event.target.value)}
        />
      );
  }
}
