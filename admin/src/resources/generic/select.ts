// PostgREST select lists for a resource: every column plus the label of each
// referenced record, embedded under an alias so that two references to the
// same table (owner staff, consultant) stay apart.
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
