// Page frame shared by the documents: A4 page style, the letterhead with the
// organisation's logo and the "Sayfa n / N" footer.

import {
  Circle,
  Image,
  Page,
  Path,
  StyleSheet,
  Svg,
  Text,
  View,
} from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { formatTurkishPhone } from "../../../shared/phone.ts";
import { FONT_FAMILY, toDataUrl } from "../assets.ts";
import { LABELS } from "../i18n.ts";
import type { ImageSource, Language, Organisation } from "../types.ts";

export const COLORS = {
  brand: "#0b5394",
  regulated: "#9e9e9e",
  offer: "#0b5394",
  savings: "#2e7d32",
  loss: "#c62828",
  rule: "#c9d3de",
  shade: "#eef3f8",
  text: "#1a1a1a",
  muted: "#5f6b76",
};

/** Width of A4 (595.28 pt) less the page's side padding of 36 pt each. */
export const CONTENT_WIDTH_PT = 595.28 - 2 * 36;

export const styles = StyleSheet.create({
  page: {
    fontFamily: FONT_FAMILY,
    fontSize: 9,
    color: COLORS.text,
    paddingTop: 36,
    paddingBottom: 48,
    paddingHorizontal: 36,
  },
  letterhead: {
    flexDirection: "row",
    justifyContent: "space-between",
    alignItems: "center",
    borderBottomWidth: 1.5,
    borderBottomColor: COLORS.brand,
    paddingBottom: 8,
    marginBottom: 12,
  },
  organisation: { textAlign: "right", fontSize: 8, color: COLORS.muted },
  organisationName: { fontSize: 10, fontWeight: "bold", color: COLORS.text },
  title: {
    fontSize: 15,
    fontWeight: "bold",
    color: COLORS.brand,
    marginBottom: 8,
  },
  heading: {
    fontSize: 11,
    fontWeight: "bold",
    color: COLORS.brand,
    marginTop: 12,
    marginBottom: 5,
  },
  paragraph: { marginBottom: 4, textAlign: "justify" },
  bold: { fontWeight: "bold" },
  muted: { color: COLORS.muted },
  footer: {
    position: "absolute",
    bottom: 20,
    left: 36,
    right: 36,
    flexDirection: "row",
    justifyContent: "space-between",
    fontSize: 7.5,
    color: COLORS.muted,
    borderTopWidth: 0.5,
    borderTopColor: COLORS.rule,
    paddingTop: 4,
  },
  fieldRow: { flexDirection: "row", marginBottom: 2 },
  fieldLabel: { width: 130, color: COLORS.muted },
  fieldValue: { flex: 1 },
});

function imageSource(logo: ImageSource): string {
  if ("url" in logo) {
    return logo.url;
  }

  const mimeType = logo.format === "png" ? "image/png" : "image/jpeg";

  return toDataUrl(logo.data, mimeType);
}

/** Default logo drawn with vector shapes: a lightning bolt in a circle. */
export function DefaultLogo() {
  return (
    <Svg width={44} height={44} viewBox="0 0 44 44">
      <Circle cx={22} cy={22} r={21} fill={COLORS.brand} />
      <Path d="M25 5 L12 25 L21 25 L18 39 L32 18 L23 18 Z" fill="#ffd54f" />
    </Svg>
  );
}

function Letterhead({ organisation }: { organisation: Organisation }) {
  return (
    <View style={styles.letterhead}>
      {organisation.logo ? (
        <Image
          src={imageSource(organisation.logo)}
          style={{ height: 44, maxWidth: 160, objectFit: "contain" }}
        />
      ) : (
        <DefaultLogo />
      )}
      <View style={styles.organisation}>
        <Text style={styles.organisationName}>{organisation.name}</Text>
        <Text>{organisation.address}</Text>
        <Text>
          {[
            organisation.phone && formatTurkishPhone(organisation.phone),
            organisation.email,
          ]
            .filter(Boolean)
            .join("  ·  ")}
        </Text>
      </View>
    </View>
  );
}

/** Footer with the document reference and "Sayfa n / N". */
export function PageFooter({
  language,
  reference,
  onPage,
}: {
  language: Language;
  reference: string;
  onPage?: (pageNumber: number, totalPages: number) => void;
}) {
  const labels = LABELS[language];

  return (
    <View style={styles.footer} fixed>
      <Text>{reference}</Text>
      <Text
        render={({ pageNumber, totalPages }) => {
          onPage?.(pageNumber, totalPages);

          return labels.page(pageNumber, totalPages);
        }}
      />
    </View>
  );
}

/** Wraps content in an A4 page element with the letterhead and footer. */
export function DocumentPage({
  organisation,
  language,
  reference,
  children,
  orientation = "portrait",
  onPage,
  letterhead = true,
}: {
  organisation: Organisation;
  language: Language;
  reference: string;
  children: ReactNode;
  orientation?: "portrait" | "landscape";
  onPage?: (pageNumber: number, totalPages: number) => void;
  letterhead?: boolean;
}) {
  return (
    <Page size="A4" orientation={orientation} style={styles.page}>
      {letterhead ? <Letterhead organisation={organisation} /> : null}
      {children}
      <PageFooter language={language} reference={reference} onPage={onPage} />
    </Page>
  );
}

/** Shows a label and its value on one line. */
export function Field({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.fieldRow} wrap={false}>
      <Text style={styles.fieldLabel}>{label}</Text>
      <Text style={styles.fieldValue}>{value}</Text>
    </View>
  );
}
