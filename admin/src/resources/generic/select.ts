// PostgREST select lists for a resource: every column plus the label of each
// referenced record, embedded under an alias so that two references to the
// same table (owner staff, consultant) stay apart.
import type { CrudFilter } from "@refinedev/core";
import type {
  FieldDescription,
  ResourceDescription,
} from "../../catalogue/types.ts";

export function referenceAlias(field: FieldDescription): string {
  return `ref_${field.name}`;
}

// Sorter key of a column: a reference sorts by the referenced label, which
// the related-sorters wrapper turns into PostgREST's `alias(column)` order.
export function sorterKey(field: FieldDescription): string {
  return field.reference
    ? `${referenceAlias(field)}.${field.reference.labelField}`
    : field.name;
}

export function buildSelect(description: ResourceDescription): string {
  const embeds = description.fields
    .filter((field) => field.kind === "reference" && field.reference)
    .map((field) => {
      const reference = field.reference as NonNullable<
        FieldDescription["reference"]
      >;

      // Embedding through the foreign key column picks the to-one relation,
      // also when a table refers to itself (dealers.parent_dealer_id) or
      // twice to one table (owner and consultant staff).
      return `${referenceAlias(field)}:${field.name}(${reference.labelField})`;
    });

  return ["*", ...embeds].join(",");
}

// Returns the embedded label of a reference field in a fetched row.
export function referenceLabel(
  row: Record<string, unknown>,
  field: FieldDescription,
): unknown {
  if (!field.reference) {
    return undefined;
  }
  const embedded = row[referenceAlias(field)] as
    | Record<string, unknown>
    | null
    | undefined;

  return embedded?.[field.reference.labelField];
}

export function idFieldOf(description: ResourceDescription): string {
  return description.idField ?? "id";
}

// Returns the key of `row` as it appears in show and edit routes: the key
// column's value, or for composite keys the JSON array of their values.
export function recordKeyOf(
  description: ResourceDescription,
  row: Record<string, unknown>,
): string {
  if (description.keyFields) {
    return JSON.stringify(
      description.keyFields.map((field) => row[field] ?? null),
    );
  }

  return String(row[idFieldOf(description)]);
}

// Returns the filters that select the record with a composite `key`, or null
// when the key is not a JSON array with one value per key column.
export function compositeKeyFilters(
  keyFields: readonly string[],
  key: string,
): CrudFilter[] | null {
  let values: unknown;
  try {
    values = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== keyFields.length) {
    return null;
  }

  return keyFields.map((field, index) => {
    const value = values[index];

    return value === null
      ? { field, operator: "null", value: true }
      : { field, operator: "eq", value };
  });
}
