import { Create, Edit, useForm } from "@refinedev/antd";
import { useGetIdentity } from "@refinedev/core";
import { Alert, ConfigProvider, Form } from "antd";
import type { Rule } from "antd/es/form";
import { useEffect } from "react";
import { eicProblem } from "../../../../shared/eic.ts";
import { intervalSeconds } from "../../../../shared/interval.ts";
import { normalisePhone } from "../../../../shared/phone.ts";
import {
  isValidEmail,
  isValidTckn,
  isValidVkn,
} from "../../../../shared/tax-identity.ts";
import type {
  FieldDescription,
  ResourceDescription,
  TextFormat,
} from "../../catalogue/types.ts";
import { ErrorDescription } from "../../errors/error-description.tsx";
import type { Identity } from "../../providers/auth-provider.ts";
import { FieldInput, isDecimal, isInvalidNumber } from "./inputs.tsx";
import { idFieldOf } from "./select.ts";
import { fieldErrorsOf } from "./server-field-errors.ts";
import { type Labels, useLabels } from "./use-labels.ts";

type Row = Record<string, unknown>;

const NUMERIC_KINDS = new Set(["money", "decimal", "integer"]);

function editable(field: FieldDescription, action: "create" | "edit") {
  if (
    field.readOnly ||
    field.kind === "json" ||
    field.kind === "price_terms" ||
    field.kind === "progress"
  ) {
    return false;
  }

  return !(field.createOnly && action === "edit");
}

// Returns the form_checks message key for an invalid trimmed text, or null.
const FORMAT_CHECKS: Record<TextFormat, (text: string) => string | null> = {
  vkn: (text) => (isValidVkn(text) ? null : "invalid_vkn"),
  tckn: (text) => (isValidTckn(text) ? null : "invalid_tckn"),
  email: (text) => (isValidEmail(text) ? null : "invalid_email"),
  phone: (text) => (normalisePhone(text) !== null ? null : "invalid_phone"),
  eic: (text) => {
    const problem = eicProblem(text);
    if (problem === null) {
      return null;
    }

    return problem === "format" ? "invalid_eic" : "invalid_eic_check";
  },
};

function rulesFor(field: FieldDescription, labels: Labels): Rule[] {
  const rules: Rule[] = [];
  if (field.required) {
    rules.push({ required: true, message: labels.t("form.required") });
  }
  if (NUMERIC_KINDS.has(field.kind)) {
    rules.push({
      validator: async (_, value) => {
        if (
          value === null ||
          value === undefined ||
          isDecimal(value) ||
          isStoredNumber(value)
        ) {
          return;
        }
        const text = isInvalidNumber(value) ? value.invalidText : String(value);
        throw new Error(labels.t("form.invalidNumber", { value: text }));
      },
    });
  }
  if (field.kind === "integer") {
    rules.push({
      validator: async (_, value) => {
        if (typeof value === "string" && value.includes(".")) {
          throw new Error(labels.t("form.wholeNumber"));
        }
      },
    });
  }
  if (field.kind === "interval") {
    const unit = labels.t(`form_checks.${field.intervalUnit ?? "minutes"}`);
    rules.push({
      validator: async (_, value) => {
        if (value === null || value === undefined || value === "") {
          return;
        }
        const seconds =
          typeof value === "string" ? intervalSeconds(value) : null;
        if (seconds === null || seconds <= 0) {
          throw new Error(labels.t("form_checks.invalid_interval", { unit }));
        }
      },
    });
  }
  const format = field.format;
  if (format) {
    rules.push({
      validator: async (_, value) => {
        if (typeof value !== "string" || value.trim() === "") {
          return;
        }
        const problem = FORMAT_CHECKS[format](value.trim());
        if (problem !== null) {
          throw new Error(labels.t(`form_checks.${problem}`));
        }
      },
    });
  }

  return rules;
}

// PostgREST sends numeric and integer columns as JSON numbers, so an edit
// form starts with numbers for the fields the user leaves alone.
function isStoredNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

// Phone numbers are saved in E.164 form, and identity numbers, e-mail
// addresses and EICs without the spaces around them.
function normalised(field: FieldDescription, value: unknown): unknown {
  // A number loaded from the database goes back as the decimal text it was
  // sent as, as typed numbers do.
  if (NUMERIC_KINDS.has(field.kind) && isStoredNumber(value)) {
    return String(value);
  }
  if (typeof value !== "string" || !field.format) {
    return value;
  }
  const text = value.trim();

  return field.format === "phone" ? (normalisePhone(text) ?? text) : text;
}

// Empty inputs become null on edit, so optional columns are cleared instead
// of receiving an empty string that a date or number column would reject.
// On create they are left out, so the database's defaults apply.
function toRecord(
  description: ResourceDescription,
  values: Row,
  action: "create" | "edit",
): Row {
  const record: Row = {};
  for (const field of description.fields) {
    if (!editable(field, action) || !(field.name in values)) {
      continue;
    }
    const value = values[field.name];
    const empty = value === "" || value === undefined || value === null;
    if (empty && action === "create") {
      continue;
    }
    record[field.name] = empty ? null : normalised(field, value);
  }

  return record;
}

export function ResourceFormPage({
  description,
  action,
}: {
  description: ResourceDescription;
  action: "create" | "edit";
}) {
  const labels = useLabels();
  const idField = idFieldOf(description);
  const { formProps, saveButtonProps, query, onFinish } = useForm<Row>({
    resource: description.name,
    action,
    meta: { idColumnName: idField },
    // A created record may have a key other than `id` (a month, a year),
    // which Refine cannot read from the response, so creation ends on the
    // list.
    redirect: action === "create" ? "list" : "show",
  });
  const Page = action === "create" ? Create : Edit;
  const fields = description.fields.filter((field) => editable(field, action));
  const { data: identity } = useGetIdentity<Identity>();
  const form = formProps.form;
  const staffId = identity?.staffId ?? null;

  // A new record's owner starts as the signed-in staff member.
  useEffect(() => {
    if (action !== "create" || !staffId || !form) {
      return;
    }
    for (const field of description.fields) {
      if (field.defaultsToSignedInStaff && !form.getFieldValue(field.name)) {
        form.setFieldValue(field.name, staffId);
      }
    }
  }, [action, staffId, form, description]);

  // Until the identity has loaded, restricted fields stay read-only.
  const locked = (field: FieldDescription) =>
    field.changeableBy !== undefined &&
    !field.changeableBy.some((role) => role === identity?.role);

  return (
    <Page
      title={labels.label(description.singular)}
      saveButtonProps={saveButtonProps}
      isLoading={query?.isLoading}
    >
      {query?.isError ? (
        <Alert
          type="error"
          showIcon
          message={labels.t("show.loadError")}
          description={<ErrorDescription message={query.error?.message} />}
        />
      ) : null}
      <Form
        {...formProps}
        layout="vertical"
        onFinish={async (values) => {
          // A rejected save has been reported by Refine's notification
          // already. It is caught here so that it is no uncaught page
          // error, and placed at its field where it concerns one. The
          // form keeps what was typed.
          try {
            await onFinish(toRecord(description, values as Row, action));
          } catch (error) {
            const fieldErrors = await fieldErrorsOf(
              error,
              description.name,
              values as Row,
              labels,
            );
            form?.setFields(fieldErrors);
          }
        }}
      >
        {fields.map((field) => (
          <ConfigProvider key={field.name} componentDisabled={locked(field)}>
            <Form.Item
              name={field.name}
              label={labels.label(field.label)}
              rules={rulesFor(field, labels)}
              valuePropName={field.kind === "boolean" ? "checked" : "value"}
              extra={
                field.format === "phone"
                  ? labels.t("form_checks.phone_help")
                  : undefined
              }
            >
              <FieldInput field={field} labels={labels} />
            </Form.Item>
          </ConfigProvider>
        ))}
      </Form>
    </Page>
  );
}
