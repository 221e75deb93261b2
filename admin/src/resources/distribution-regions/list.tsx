import { List, ShowButton, useTable } from "@refinedev/antd";
import { useTranslate } from "@refinedev/core";
import { Table } from "antd";

type DistributionRegion = {
  code: string;
  name: string;
  company_name: string;
  epias_distribution_id: number;
  provinces_note: string;
};

export function DistributionRegionListPage() {
  const translate = useTranslate();
  const { tableProps } = useTable<DistributionRegion>({
    resource: "distribution_regions",
    syncWithLocation: true,
    sorters: { initial: [{ field: "name", order: "asc" }] },
    pagination: { pageSize: 25 },
  });
  const field = (name: string) =>
    translate(`distribution_regions.fields.${name}`);

  return (
    <List>
      <Table {...tableProps} rowKey="code">
        <Table.Column dataIndex="code" title={field("code")} sorter />
        <Table.Column dataIndex="name" title={field("name")} sorter />
        <Table.Column dataIndex="company_name" title={field("company_name")} />
        <Table.Column
          dataIndex="epias_distribution_id"
          title={field("epias_distribution_id")}
          sorter
        />
        <Table.Column
          title={translate("table.actions")}
          render={(_, record: DistributionRegion) => (
            <ShowButton hideText size="small" recordItemId={record.code} />
          )}
        />
      </Table>
    </List>
  );
}
