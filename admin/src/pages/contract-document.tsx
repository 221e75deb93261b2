// The contract show page's "Sözleşme PDF'i" button. generate-contract
// renders the contract PDF when the contract has none yet, as right after a
// customer accepts an offer, and returns the stored path otherwise. The
// button then reads the PDF from the contract-documents bucket and shows it
// in a new tab.
import { useTranslate } from "@refinedev/core";
import { App, Button } from "antd";
import { useState } from "react";
import { env } from "../env.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { openPdfTab, showPdf } from "../pdf.ts";
import { supabase } from "../supabase.ts";
import { loadErrorText } from "../use-rpc.ts";

export const CONTRACT_BUCKET = "contract-documents";

// Calls generate-contract with the signed-in user's token and returns the
// path of the contract's PDF, or throws with the function's error message.
async function contractDocumentPath(contractId: string): Promise<string> {
  const { data } = await supabase.auth.getSession();
  const response = await fetch(
    `${env.SUPABASE_URL}/functions/v1/generate-contract`,
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

export function ContractDocumentButton({
  contractId,
  contractNumber,
}: {
  contractId: string;
  contractNumber: string;
}) {
  const translate = useTranslate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const open = async () => {
    const tab = openPdfTab();
    setBusy(true);
    try {
      const path = await contractDocumentPath(contractId);
      const { data, error } = await supabase.storage
        .from(CONTRACT_BUCKET)
        .download(path);
      if (error || !data) {
        throw error ?? new Error(`No PDF at ${path}`);
      }
      showPdf(tab, data, `${contractNumber}.pdf`);
    } catch (error) {
      tab?.close();
      void message.error(
        <ErrorDescription
          message={loadErrorText(error, "open contract PDF")}
        />,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      data-testid="contract-document-pdf"
      loading={busy}
      onClick={() => void open()}
    >
      {translate("contractDocument.open")}
    </Button>
  );
}
