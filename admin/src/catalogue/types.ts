// Descriptions of the admin's resources: one entry per table says which
// columns the list, show page, forms and exports use, how each value is
// shown and entered, and which staff roles may use the screens. The generic
// pages in resources/generic read these descriptions.
import type { IntervalUnit } from "../../../shared/interval.ts";

export const STAFF_ROLES = [
  "admin",
  "manager",
  "sales_consultant",
  "call_centre_agent",
  "finance",
  "operations",
] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];

// A text in the admin's two languages.
export type Label = { tr: string; en: string };

export type FieldKind =
  | "text"
  | "longtext"
  | "integer"
  // numeric columns; travel as decimal strings, never as binary floats
  | "decimal"
  // numeric TL amounts, shown and entered as 1.234,56 ₺
  | "money"
  | "date"
  | "datetime"
  | "boolean"
  | "enum"
  | "reference"
  | "json"
  // contracts.price_terms, shown as readable text
  | "price_terms"
  // Postgres interval, entered and shown as a whole number of
  // FieldDescription.intervalUnit
  | "interval"
  // job run progress: progress_done of progress_total
  | "progress";

export type Reference = {
  resource: string;
  // Column of the referenced table shown instead of the key.
  labelField: string;
  // Key column of the referenced table when it is not "id".
  idField?: string;
  // Column shown after the label in select options whose labels repeat,
  // such as a staff member's e-mail beside a common name.
  detailField?: string;
};

// Checks of text fields that the database also enforces (the trigger
// check_turkish_fields, and private.is_valid_eic for metering point codes):
// forms reject bad values before saving, a phone number is saved in E.164
// form whichever usual Turkish form was typed.
export type TextFormat = "vkn" | "tckn" | "email" | "phone" | "eic";

export type FieldDescription = {
  name: string;
  label: Label;
  kind: FieldKind;
  // Shown as a column of the list.
  list?: boolean;
  sortable?: boolean;
  // Offered as a column filter on the list (enum and boolean fields).
  filterable?: boolean;
  required?: boolean;
  // Shown, never entered (generated columns, timestamps, keys).
  readOnly?: boolean;
  // Entered only when the record is created (keys such as a month).
  createOnly?: boolean;
  options?: readonly string[];
  reference?: Reference;
  // Filled on create with the signed-in user's staff id (owner columns).
  defaultsToSignedInStaff?: boolean;
  // Roles that may change the value in forms; other roles see it read-only.
  // Unset: every role that may create or edit the record.
  changeableBy?: readonly StaffRole[];
  fractionDigits?: number;
  // Unit of an interval field in forms and lists; minutes when unset.
  intervalUnit?: IntervalUnit;
  format?: TextFormat;
  // A note the database may write in English (shared/system-notes.ts),
  // shown in the reader's language.
  systemNote?: boolean;
};

export type Access = {
  list: readonly StaffRole[];
  create?: readonly StaffRole[];
  edit?: readonly StaffRole[];
};

export type RelatedList = {
  resource: string;
  // Column of the related table that points at the shown record.
  foreignKey: string;
  label: Label;
};

export type MenuGroup = "sales" | "customers" | "organisation" | "market";

export type ResourceDescription = {
  // Table (or view) name in the public schema.
  name: string;
  // URL path of the list, such as "/parties".
  route: string;
  label: Label;
  singular: Label;
  group: MenuGroup;
  idField?: string;
  // Columns that together identify a record, for tables without a single
  // key column. Their values form the record's key in show routes.
  // NOTE: the form page still edits by idField, so a resource with
  // keyFields must not offer create or edit access.
  keyFields?: readonly string[];
  // Column that names a record in titles and reference selects.
  titleField: string;
  // Column with the Turkish-folded search form (private.turkish_fold), or a
  // plain text column searched case-insensitively.
  search?: { field: string; folded: boolean };
  defaultSort: { field: string; order: "asc" | "desc" };
  fields: readonly FieldDescription[];
  related?: readonly RelatedList[];
  access: Access;
  // Reload the list every this many milliseconds (live progress).
  refreshIntervalMs?: number;
};
