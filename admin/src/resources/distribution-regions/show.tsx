import { Show } from "@refinedev/antd";
import { useShow, useTranslate } from "@refinedev/core";
import { Descriptions } from "antd";

export function DistributionRegionShowPage() {
  const translate = useTranslate();
  const { query } = useShow({
    resource: "distribution_regions",
    meta: { idColumnName: "code" },
  });
  const record = query.data?.data;
  const field = (name: string) =>
    translate(`distribution_regions.fields.${name}`);

  return (
    <Show isLoading={query.isLoading}>
      <Descriptions column={1} bordered>
        <Descriptions.Item label={field("code")}>
          {record?.code}
        </Descriptions.Item>
        <Descriptions.Item label={field("name")}>
          {record?.name}
        </Descriptions.Item>
        <Descriptions.Item label={field("company_name")}>
          {record?.company_name}
        </Descriptions.Item>
        <Descriptions.Item label={field("epias_distribution_id")}>
          {record?.epias_distribution_id}
        </Descriptions.Item>
        <Descriptions.Item label={field("provinces_note")}>
          {record?.provinces_note}
        </Descriptions.Item>
      </Descriptions>
    </Show>
  );
}
