// The customer's contract PDFs. generate-contract renders a contract's PDF
// when it has none yet and returns the stored path otherwise. The portal
// calls it as soon as an offer is accepted. The PDF is then read from the
// contract-documents bucket, whose policy lets customers read the documents
// of their own contracts.
import { App, Button, Table } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { readRuntimeConfig } from "../../../shared/runtime-config.ts";
import { describeFailure } from "../errors.ts";
import { formatDate } from "../format.ts";
import { useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";
import { ErrorDescription } from "./error-alert.tsx";
import { LoadState } from "./load-state.tsx";

export const CONTRACT_BUCKET = "contract-documents";

/**
 * Has generate-contract render the contract's PDF unless it exists, and
 * returns its storage path. Throws with the function's error message.
 */
export async function generateContractDocument(
  contractId: string,
): Promise<string> {
  const { data } = await supabase.auth.getSession();
  const response = await fetch(
    `${readRuntimeConfig().SUPABASE_URL}/functions/v1/generate-contract`,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${data.session?.access_token ?? ""}`,
      },
      body: JSON.stringify({ contract_id: contractId }),
    },
  );
  const result = (await response.json().catch(() => ({}))) as {
    document_path?: string;
    error?: string;
  };
  if (!response.ok || !result.document_path) {
    throw new Error(
      result.error ?? `generate-contract failed (${response.status})`,
    );
  }

  return result.document_path;
}

type ContractRow = {
  id: string;
  contract_number: string;
  state: string;
  start_date: string | null;
};

/** Lists the party's contracts, each with a button that downloads its PDF. */
export function ContractDocuments({ partyId }: { partyId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const contracts = useLoad(
    () =>
      supabase
        .from("contracts")
        .select("id, contract_number, state, start_date")
        .eq("party_id", partyId)
        .order("created_at", { ascending: false })
        .returns<ContractRow[]>(),
    [partyId],
  );

  const download = async (row: ContractRow) => {
    setBusy(row.id);
    try {
      const path = await generateContractDocument(row.id);
      const { data, error } = await supabase.storage
        .from(CONTRACT_BUCKET)
        .download(path);
      if (error || !data) {
        throw error ?? new Error(path);
      }
      const url = URL.createObjectURL(data);
      const link = document.createElement("a");
      link.href = url;
      link.download = `${row.contract_number}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      message.error(
        <ErrorDescription
          error={describeFailure(
            (text) => t("contractDocuments.failed", { message: text }),
            error,
            "contract document",
          )}
        />,
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <LoadState loaded={contracts}>
      {(rows) => (
        <Table<ContractRow>
          rowKey="id"
          size="small"
          dataSource={rows}
          pagination={false}
          scroll={{ x: "max-content" }}
          style={{ marginBottom: 24 }}
          locale={{ emptyText: t("common.empty") }}
          columns={[
            {
              title: t("contracts.number"),
              dataIndex: "contract_number",
            },
            {
              title: t("offers.state"),
              dataIndex: "state",
              render: (value: string) => t(`contracts.states.${value}`),
            },
            {
              title: t("contracts.start"),
              dataIndex: "start_date",
              render: (value: string | null) => formatDate(value),
            },
            {
              key: "pdf",
              render: (_, row) => (
                <Button
                  size="small"
                  loading={busy === row.id}
                  onClick={() => void download(row)}
                >
                  {t("contractDocuments.download")}
                </Button>
              ),
            },
          ]}
        />
      )}
    </LoadState>
  );
}
