// The metering points an offer is made on, each listed with its tariff.
// create_offer accepts only points of one tariff (distribution region,
// subscriber group, voltage level and single- or three-time). Once a
// point is ticked, the points of another tariff are disabled and a line
// under the list names them and explains why.
import { Checkbox, Typography } from "antd";
import { useTranslation } from "react-i18next";

export type TariffType = "single_time" | "three_time";

export type Tariff = {
  distribution_region_code: string;
  subscriber_group_code: string;
  voltage_level_code: string;
  tariff_type: TariffType;
};

export type PointOption = Tariff & { id: string; code: string };

type NamedOption = { code: string; name_tr: string; name_en: string };

// The reference tables whose names describe a tariff.
export type TariffReferences = {
  regions: { code: string; name: string }[];
  groups: NamedOption[];
  voltages: NamedOption[];
};

const TARIFF_FIELDS = [
  "distribution_region_code",
  "subscriber_group_code",
  "voltage_level_code",
  "tariff_type",
] as const;

/** Returns a key that is equal for points of one tariff. */
export function tariffKey(tariff: Tariff): string {
  return TARIFF_FIELDS.map((field) => tariff[field]).join("|");
}

/** Returns whether the points are of more than one tariff. */
export function hasMixedTariffs(points: Tariff[]): boolean {
  return new Set(points.map(tariffKey)).size > 1;
}

/**
 * Describes a tariff by name, such as "Boğaziçi / Sanayi / Alçak Gerilim /
 * Üç zamanlı". A code missing from the references is shown as it is.
 */
export function useDescribeTariff(
  references: TariffReferences | null,
): (tariff: Tariff) => string {
  const { t, i18n } = useTranslation();
  const nameOf = (options: NamedOption[], code: string) => {
    const found = options.find((option) => option.code === code);
    if (!found) {
      return code;
    }

    return i18n.language === "en" ? found.name_en : found.name_tr;
  };

  return (tariff) =>
    [
      references?.regions.find(
        (region) => region.code === tariff.distribution_region_code,
      )?.name ?? tariff.distribution_region_code,
      nameOf(references?.groups ?? [], tariff.subscriber_group_code),
      nameOf(references?.voltages ?? [], tariff.voltage_level_code),
      t(`meteringPoint.${tariff.tariff_type}`),
    ].join(" / ");
}

export function MeteringPointChoice({
  points,
  references,
  value,
  onChange,
}: {
  points: PointOption[];
  references: TariffReferences | null;
  value: string[];
  onChange: (pointIds: string[]) => void;
}) {
  const { t } = useTranslation();
  const describeTariff = useDescribeTariff(references);
  const chosenKeys = new Set(
    points.filter((point) => value.includes(point.id)).map(tariffKey),
  );
  // With one tariff chosen, unchosen points of another are disabled. A
  // chosen point stays enabled, so that it can always be unticked.
  const chosenKey = chosenKeys.size === 1 ? [...chosenKeys][0] : undefined;
  const isDisabled = (point: PointOption) =>
    chosenKey !== undefined &&
    !value.includes(point.id) &&
    tariffKey(point) !== chosenKey;
  const otherTariffCodes = points.filter(isDisabled).map((point) => point.code);

  return (
    <>
      <Checkbox.Group
        style={{ display: "flex", flexDirection: "column", gap: 4 }}
        value={value}
        onChange={(values) => onChange(values as string[])}
        options={points.map((point) => ({
          value: point.id,
          label: `${point.code} · ${describeTariff(point)}`,
          disabled: isDisabled(point),
        }))}
      />
      {otherTariffCodes.length > 0 && (
        <Typography.Text
          type="secondary"
          data-testid="points-other-tariff"
          style={{ display: "block", marginTop: 4 }}
        >
          {t("offerForm.pointsOtherTariff", {
            codes: otherTariffCodes.join(", "),
          })}
        </Typography.Text>
      )}
    </>
  );
}
