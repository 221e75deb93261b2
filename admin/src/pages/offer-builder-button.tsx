import { useCan, useTranslate } from "@refinedev/core";
import { Button } from "antd";
import { Link } from "react-router";

// "Teklif oluştur": opens the offer builder, for a party when one is given.
// Hidden from roles that may not build offers.
export function OfferBuilderButton({ partyId }: { partyId?: string }) {
  const translate = useTranslate();
  const { data } = useCan({ resource: "offer_builder", action: "list" });
  if (!data?.can) {
    return null;
  }
  const target = partyId
    ? `/offers/new?party_id=${encodeURIComponent(partyId)}`
    : "/offers/new";

  return (
    <Link to={target}>
      <Button type="primary" data-testid="offer-builder-open">
        {translate("offer_builder.title", "Teklif oluştur")}
      </Button>
    </Link>
  );
}
