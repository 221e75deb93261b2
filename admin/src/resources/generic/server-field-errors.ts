// Places a rejected save's error at the form field it concerns, so the user
// sees it beside the value to change. Refine's notification still reports
// the failure as a whole.
import { supabase } from "../../supabase.ts";
import type { Labels } from "./use-labels.ts";

type Row = Record<string, unknown>;

export type FieldError = { name: string; errors: string[] };

// The field of a translated HttpError (errors/technical.ts) read here.
type SaveError = { errorCode?: string };

const TAX_IDENTITY_FIELDS = ["vkn", "tckn"] as const;

// Returns the name of the party that already has `number` in `column`, or
// null when none is visible to the user (row-level security may hide it).
async function holderName(
  table: string,
  column: string,
  number: string,
): Promise<string | null> {
  const { data } = await supabase
    .from(table)
    .select("name")
    .eq(column, number)
    .limit(1)
    .maybeSingle();

  return (data as { name?: string } | null)?.name ?? null;
}

// Returns the field errors for a failed save of `values` to `table`, or an
// empty list when the error concerns no single field. A duplicate tax
// identity is reported at the VKN or TCKN field that was filled in, with
// the name of the party that has it when the user can see that party.
export async function fieldErrorsOf(
  error: unknown,
  table: string,
  values: Row,
  labels: Labels,
): Promise<FieldError[]> {
  const failure = (error ?? {}) as SaveError;
  if (failure.errorCode !== "tax_identity_duplicate") {
    return [];
  }
  const field = TAX_IDENTITY_FIELDS.find(
    (name) => typeof values[name] === "string" && values[name] !== "",
  );
  if (!field) {
    return [];
  }
  const number = String(values[field]).trim();
  const name = await holderName(table, field, number);
  const message = name
    ? labels.t(`form_checks.duplicate_${field}_of`, { name })
    : labels.t(`form_checks.duplicate_${field}`);

  return [{ name: field, errors: [message] }];
}
