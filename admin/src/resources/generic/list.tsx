import {
  CreateButton,
  EditButton,
  getDefaultFilter,
  List,
  ShowButton,
  useTable,
} from "@refinedev/antd";
import {
  type CrudFilter,
  type CrudSort,
  useCan,
  useDataProvider,
} from "@refinedev/core";
import { Alert, Button, Input, Progress, Space, Table } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { translateSystemNote } from "../../../../shared/system-notes.ts";
import { foldTurkish } from "../../../../shared/turkish.ts";
import { findResource } from "../../catalogue/resources.ts";
import type {
  FieldDescription,
  ResourceDescription,
} from "../../catalogue/types.ts";
import { ErrorDescription } from "../../errors/error-description.tsx";
import { formatValue } from "../../format/values.ts";
import { OfferBuilderButton } from "../../pages/offer-builder-button.tsx";
import { downloadFile, type ExportFormat, toCsv, toXlsx } from "./export.ts";
import {
  buildSelect,
  idFieldOf,
  recordKeyOf,
  referenceLabel,
  sorterKey,
} from "./select.ts";
import { type Labels, useLabels } from "./use-labels.ts";

type Row = Record<string, unknown>;

// Escapes LIKE wildcards so a search for "%" or "_" matches them literally.
function likeText(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

export function searchFilter(
  description: ResourceDescription,
  query: string,
): CrudFilter | null {
  if (!description.search) {
    return null;
  }
  const text = query.trim();

  return {
    field: description.search.field,
    operator: "contains",
    value: text
      ? likeText(description.search.folded ? foldTurkish(text) : text)
      : undefined,
  };
}

const EXPORT_PAGE_SIZE = 1000;
// Upper bound of an export, so a mistaken click cannot pull a whole table
// of hourly prices into the browser.
const EXPORT_MAX_ROWS = 20_000;

export function ValueCell({
  field,
  row,
  labels,
}: {
  field: FieldDescription;
  row: Row;
  labels: Labels;
}) {
  const value = row[field.name];
  if (field.kind === "progress") {
    const total = row.progress_total as number | null;
    const done = (row.progress_done as number | null) ?? 0;
    if (!total) {
      return <span>{done}</span>;
    }

    return (
      <Progress
        percent={Math.floor((done / total) * 100)}
        size="small"
        status={row.status === "failed" ? "exception" : undefined}
        format={() => `${done}/${total}`}
      />
    );
  }
  const formatted = formatValue(
    field,
    value,
    labels.translate,
    referenceLabel(row, field),
  );
  const text =
    field.systemNote && typeof formatted === "string"
      ? translateSystemNote(formatted, labels.language)
      : formatted;
  const target = field.reference
    ? findResource(field.reference.resource)
    : undefined;
  if (target && value !== null && value !== undefined) {
    return (
      <Link to={`${target.route}/show/${encodeURIComponent(String(value))}`}>
        {text}
      </Link>
    );
  }

  return <span>{text}</span>;
}

export function ResourceListPage({
  description,
}: {
  description: ResourceDescription;
}) {
  const labels = useLabels();
  const { label, t } = labels;
  const idField = idFieldOf(description);
  const { tableProps, filters, sorters, setFilters, tableQuery } =
    useTable<Row>({
      resource: description.name,
      meta: { select: buildSelect(description), idColumnName: idField },
      sorters: {
        initial: [description.defaultSort as CrudSort],
      },
      pagination: { pageSize: 20 },
      syncWithLocation: true,
      queryOptions: { refetchInterval: description.refreshIntervalMs },
    });
  const dataProvider = useDataProvider();
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const { data: canShow } = useCan({
    resource: description.name,
    action: "show",
  });
  const { data: canEdit } = useCan({
    resource: description.name,
    action: "edit",
  });

  const searchValue = description.search
    ? ((getDefaultFilter(description.search.field, filters, "contains") as
        | string
        | undefined) ?? "")
    : "";

  const [searchText, setSearchText] = useState(searchValue);
  // Follows the filter when it changes through the address or a reset.
  useEffect(() => setSearchText(searchValue), [searchValue]);

  const runExport = async (format: ExportFormat) => {
    setExporting(format);
    setExportError(null);
    try {
      const rows: Row[] = [];
      for (let page = 1; rows.length < EXPORT_MAX_ROWS; page += 1) {
        const result = await dataProvider().getList<Row>({
          resource: description.name,
          pagination: { currentPage: page, pageSize: EXPORT_PAGE_SIZE },
          filters,
          sorters,
          meta: { select: buildSelect(description), idColumnName: idField },
        });
        rows.push(...result.data);
        if (
          result.data.length < EXPORT_PAGE_SIZE ||
          rows.length >= result.total
        ) {
          break;
        }
      }
      const name = `${description.name}.${format}`;
      if (format === "csv") {
        downloadFile(
          name,
          toCsv(description, rows, labels.translate, labels.language),
          "text/csv;charset=utf-8",
        );
      } else {
        downloadFile(
          name,
          await toXlsx(description, rows, labels.translate, labels.language),
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        );
      }
    } catch (error) {
      setExportError((error as Error).message);
    } finally {
      setExporting(null);
    }
  };

  const listFields = description.fields.filter((field) => field.list);

  return (
    <List
      title={label(description.label)}
      headerButtons={
        <Space wrap>
          <Button
            onClick={() => void runExport("xlsx")}
            loading={exporting === "xlsx"}
          >
            {t("list.exportXlsx")}
          </Button>
          <Button
            onClick={() => void runExport("csv")}
            loading={exporting === "csv"}
          >
            {t("list.exportCsv")}
          </Button>
          {description.access.create ? (
            <CreateButton resource={description.name} />
          ) : null}
          {description.name === "offers" ? <OfferBuilderButton /> : null}
        </Space>
      }
    >
      {description.search ? (
        <Input.Search
          aria-label={t("list.search")}
          placeholder={t("list.search")}
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          allowClear
          onSearch={(query) => {
            const filter = searchFilter(description, query);
            if (filter) {
              setFilters([filter], "merge");
            }
          }}
          style={{ maxWidth: 360, marginBottom: 16 }}
        />
      ) : null}
      {tableQuery.isError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("list.loadError")}
          description={<ErrorDescription message={tableQuery.error?.message} />}
        />
      ) : null}
      {exportError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("list.exportError")}
          description={<ErrorDescription message={exportError} />}
        />
      ) : null}
      <Table
        {...tableProps}
        rowKey={(row) => recordKeyOf(description, row)}
        scroll={{ x: true }}
        pagination={{
          ...tableProps.pagination,
          showTotal: (total) => t("list.total", { count: total }),
        }}
      >
        {listFields.map((field) => (
          <Table.Column<Row>
            key={sorterKey(field)}
            dataIndex={field.name}
            title={label(field.label)}
            sorter={field.sortable ? { multiple: 1 } : undefined}
            filters={
              field.filterable ? filterOptions(field, labels) : undefined
            }
            defaultFilteredValue={
              field.filterable
                ? (getDefaultFilter(field.name, filters, "in") as
                    | string[]
                    | undefined)
                : undefined
            }
            render={(_, row) => (
              <ValueCell field={field} row={row} labels={labels} />
            )}
          />
        ))}
        {canShow?.can || canEdit?.can ? (
          <Table.Column<Row>
            key="actions"
            title={t("table.actions")}
            render={(_, row) => (
              <Space>
                <ShowButton
                  hideText
                  size="small"
                  resource={description.name}
                  recordItemId={recordKeyOf(description, row)}
                />
                {description.access.edit ? (
                  <EditButton
                    hideText
                    size="small"
                    resource={description.name}
                    recordItemId={recordKeyOf(description, row)}
                  />
                ) : null}
              </Space>
            )}
          />
        ) : null}
      </Table>
    </List>
  );
}

function filterOptions(field: FieldDescription, labels: Labels) {
  if (field.kind === "boolean") {
    return [
      { text: labels.t("values.yes"), value: true },
      { text: labels.t("values.no"), value: false },
    ];
  }

  return (field.options ?? []).map((option) => ({
    text: labels.translate(`enums.${option}`, option),
    value: option,
  }));
}
