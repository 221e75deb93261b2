import { Card, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { ContractDocuments } from "../../components/contract-documents.tsx";
import { LoadState } from "../../components/load-state.tsx";
import { PartyDocuments } from "../../components/party-documents.tsx";
import { useLoad } from "../../load.ts";
import { supabase } from "../../supabase.ts";

// A customer user's account links it to one party, whose contract PDFs and
// uploaded documents are listed.
export function CustomerDocumentsPage() {
  const { t } = useTranslation();
  const party = useLoad(
    () =>
      supabase
        .from("app_users")
        .select("party_id")
        .maybeSingle<{ party_id: string | null }>(),
    [],
  );

  return (
    <Card title={t("documents.title")}>
      <LoadState loaded={party}>
        {(row) =>
          row?.party_id ? (
            <>
              <Typography.Title level={5}>
                {t("contractDocuments.title")}
              </Typography.Title>
              <ContractDocuments partyId={row.party_id} />
              <Typography.Title level={5}>
                {t("contractDocuments.uploads")}
              </Typography.Title>
              <PartyDocuments partyId={row.party_id} />
            </>
          ) : null
        }
      </LoadState>
    </Card>
  );
}
