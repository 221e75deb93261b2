// The contract PDF, worded by the template of its sales strategy and period:
// parties, term, price and termination terms, stamp tax, the required
// documents checklist and signature blocks.

import { Document, Text, View } from "@react-pdf/renderer";
import {
  divideDecimals,
  formatTry,
  multiplyDecimals,
} from "../../shared/money.ts";
import { displayName, toTurkishUpperCase } from "../../shared/turkish.ts";
import { COLORS, DocumentPage, Field, styles } from "./components/layout.tsx";
import { LongTable } from "./components/long-table.tsx";
import {
  selectContractTemplate,
  stampTaxClause,
} from "./contract-templates.ts";
import { formatDate, LABELS, type Labels } from "./i18n.ts";
import type {
  ContractDocument,
  Party,
  Signatory,
  TableColumn,
} from "./types.ts";

/** Stamp tax on the contract value, rounded half up to kuruş. */
export function stampTaxTry(contract: ContractDocument): string {
  return divideDecimals(
    multiplyDecimals(contract.contract_value_try, contract.stamp_tax_rate_pct),
    "100",
    2,
  );
}

/**
 * Selects the template and builds its clauses once, so that a contract
 * without a matching template or with price terms of the other strategy is
 * rejected with a clear error before rendering starts.
 */
export function checkContractDocument(contract: ContractDocument): void {
  const template = selectContractTemplate(
    contract.strategy,
    contract.start_date,
  );
  template.clauses(contract);
}

function PartyBlock({
  role,
  party,
  labels,
}: {
  role: string;
  party: Party;
  labels: Labels;
}) {
  return (
    <View style={{ flex: 1, marginRight: 12 }} wrap={false}>
      <Text style={[styles.bold, { color: COLORS.brand }]}>{role}</Text>
      <Text style={styles.bold}>{displayName(party.name)}</Text>
      <Text>
        {labels.taxId}: {party.tax_id}
      </Text>
      <Text>{party.address}</Text>
    </View>
  );
}

function SignatureBlock({
  role,
  partyName,
  signatory,
  labels,
}: {
  role: string;
  partyName: string;
  signatory: Signatory;
  labels: Labels;
}) {
  return (
    <View style={{ flex: 1, marginRight: 16 }}>
      <Text style={[styles.bold, { color: COLORS.brand }]}>{role}</Text>
      <Text style={styles.bold}>{displayName(partyName)}</Text>
      <Text>
        {labels.nameSurname}: {toTurkishUpperCase(signatory.name)}
      </Text>
      <Text>
        {labels.titleLabel}: {signatory.title}
      </Text>
      <Text style={{ marginTop: 4 }}>{labels.date}: ____ / ____ / ______</Text>
      <View
        style={{
          marginTop: 6,
          height: 56,
          borderWidth: 0.75,
          borderColor: COLORS.rule,
          padding: 4,
        }}
      >
        <Text style={styles.muted}>{labels.signature}</Text>
      </View>
    </View>
  );
}

export function ContractPdf({ contract }: { contract: ContractDocument }) {
  const { language } = contract;
  const labels = LABELS[language];
  const template = selectContractTemplate(
    contract.strategy,
    contract.start_date,
  );
  const stampTax = stampTaxTry(contract);
  const clauses = [
    ...template.clauses(contract),
    stampTaxClause(contract, stampTax),
  ];
  const meteringColumns: TableColumn[] = [
    { key: "code", header: labels.meteringPointCode, width: 3 },
    { key: "region", header: labels.region, width: 2 },
    { key: "group", header: labels.subscriberGroup, width: 2 },
    { key: "tariff", header: labels.tariffType, width: 1.5 },
  ];
  const meteringRows = contract.metering_points.map((point) => ({
    code: point.code,
    region: point.region,
    group: point.subscriber_group,
    tariff:
      point.tariff_type === "three_time" ? labels.threeTime : labels.singleTime,
  }));

  return (
    <Document
      title={`${template.title[language]} ${contract.contract_number}`}
      author={contract.supplier.name}
    >
      <DocumentPage
        organisation={contract.supplier}
        language={language}
        reference={`${labels.contractNumber} ${contract.contract_number}`}
      >
        <Text style={styles.title}>{template.title[language]}</Text>
        <Field label={labels.contractNumber} value={contract.contract_number} />
        <Field
          label={labels.issueDate}
          value={formatDate(contract.issue_date, language)}
        />
        <Field
          label={labels.startDate}
          value={formatDate(contract.start_date, language)}
        />
        <Field
          label={labels.endDate}
          value={formatDate(contract.end_date, language)}
        />
        <Field
          label={labels.contractValue}
          value={formatTry(contract.contract_value_try)}
        />
        <Field label={labels.stampTax} value={formatTry(stampTax)} />

        <Text style={styles.heading}>{labels.parties}</Text>
        <View style={{ flexDirection: "row" }}>
          <PartyBlock
            role={labels.supplierParty}
            party={contract.supplier}
            labels={labels}
          />
          <PartyBlock
            role={labels.customerParty}
            party={contract.customer}
            labels={labels}
          />
        </View>

        <Text style={styles.heading} minPresenceAhead={40}>
          {labels.meteringPoints}
        </Text>
        <LongTable columns={meteringColumns} rows={meteringRows} />

        {clauses.map((clause, index) => (
          <View key={clause.heading}>
            <Text style={styles.heading} minPresenceAhead={30}>
              {index + 1}. {clause.heading}
            </Text>
            <Text style={styles.paragraph}>{clause.body}</Text>
          </View>
        ))}

        <View wrap={false}>
          <Text style={styles.heading}>{labels.requiredDocuments}</Text>
          {template.required_documents[language].map((document) => (
            <View
              key={document}
              style={{ flexDirection: "row", marginBottom: 2 }}
            >
              <View
                style={{
                  width: 8,
                  height: 8,
                  borderWidth: 1,
                  borderColor: COLORS.text,
                  marginRight: 6,
                  marginTop: 2,
                }}
              />
              <Text>{document}</Text>
            </View>
          ))}
        </View>

        <View wrap={false} style={{ marginTop: 8 }}>
          <Text style={styles.heading}>{labels.signatures}</Text>
          <View style={{ flexDirection: "row" }}>
            <SignatureBlock
              role={labels.supplierParty}
              partyName={contract.supplier.name}
              signatory={contract.supplier_signatory}
              labels={labels}
            />
            <SignatureBlock
              role={labels.customerParty}
              partyName={contract.customer.name}
              signatory={contract.customer_signatory}
              labels={labels}
            />
          </View>
        </View>
      </DocumentPage>
    </Document>
  );
}
