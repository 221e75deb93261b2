// Orders Refine lists by a related (to-one) column across all pages.
//
// @refinedev/supabase turns a sorter on "customers.full_name" into
// `.order("full_name", { foreignTable: "customers" })`, which PostgREST reads
// as an order of the rows inside the embedded resource only, so the list keeps
// its order. PostgREST orders the parent rows by a to-one column with
// `order=customers(full_name).asc`; this wrapper rewrites such sorters into
// that form before the provider builds the query.
import type { CrudSort, DataProvider } from "@refinedev/core";

export function toRelatedOrder(sorter: CrudSort): CrudSort {
  const dot = sorter.field.lastIndexOf(".");
  if (dot <= 0 || sorter.field.includes("(")) {
    return sorter;
  }

  return {
    ...sorter,
    field: `${sorter.field.slice(0, dot)}(${sorter.field.slice(dot + 1)})`,
  };
}

export function withRelatedSorters<T extends DataProvider>(provider: T): T {
  return {
    ...provider,
    getList: (params) =>
      provider.getList({
        ...params,
        sorters: params.sorters?.map(toRelatedOrder),
      }),
  };
}
