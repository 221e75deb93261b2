// A party select that searches on the server as the user types, so every
// party the user can see is reachable however long the list is. The query
// is Turkish-folded and matched against parties.search_text, the same
// search the party list uses. Each option shows the masked tax number and
// the billing province under the name, so parties of one name can be
// distinguished.
import { useTranslate } from "@refinedev/core";
import { Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { turkishSearchPattern } from "../../../shared/turkish.ts";
import { errorMessage } from "../errors/translate.ts";
import { supabase } from "../supabase.ts";

// Maximum number of matches shown for one query. The user narrows the
// query to reach a party beyond it.
export const PARTY_SEARCH_LIMIT = 50;
// Pause after the last keystroke before the search request is sent.
const PARTY_SEARCH_DELAY_MS = 300;

// The columns a party option shows. The province is embedded through the
// billing address's plate code.
const PARTY_COLUMNS =
  "id, name, vkn, tckn, billing_province:billing_province_plate_code(name)";

type Party = {
  id: string;
  name: string;
  vkn: string | null;
  tckn: string | null;
  billing_province: { name: string } | null;
};

// Hides all but the last four digits of a tax or identity number:
// "1234567890" becomes "••••••7890".
export function maskTaxNumber(number: string): string {
  const shown = number.slice(-4);

  return "•".repeat(Math.max(0, number.length - shown.length)) + shown;
}

// The line under a party's name: "VKN ••••••7890 · İzmir", or only the
// parts the party has.
function partyDetail(
  party: Party,
  translate: (key: string, options?: Record<string, string>) => string,
): string {
  const parts: string[] = [];
  if (party.vkn) {
    parts.push(
      translate("offer_builder.party_vkn", {
        number: maskTaxNumber(party.vkn),
      }),
    );
  } else if (party.tckn) {
    parts.push(
      translate("offer_builder.party_tckn", {
        number: maskTaxNumber(party.tckn),
      }),
    );
  }
  if (party.billing_province?.name) {
    parts.push(party.billing_province.name);
  }

  return parts.join(" · ");
}

export function PartyPicker({
  value,
  onChange,
  label,
  testId,
}: {
  value: string | null;
  onChange: (partyId: string) => void;
  label: string;
  testId: string;
}) {
  const translate = useTranslate();
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<Party[]>([]);
  const [selected, setSelected] = useState<Party | null>(null);
  const [loading, setLoading] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);

  // The chosen party may come from the address (?party_id=) and need not
  // be among the matches, so its name is read on its own.
  useEffect(() => {
    if (!value || selected?.id === value) {
      return;
    }
    let current = true;
    supabase
      .from("parties")
      .select(PARTY_COLUMNS)
      .eq("id", value)
      .maybeSingle()
      .then(({ data }) => {
        if (current && data) {
          setSelected(data as unknown as Party);
        }
      });

    return () => {
      current = false;
    };
  }, [value, selected]);

  useEffect(() => {
    let current = true;
    const text = query.trim();
    setLoading(true);
    const timer = setTimeout(
      () => {
        let request = supabase
          .from("parties")
          .select(PARTY_COLUMNS)
          .order("name")
          .limit(PARTY_SEARCH_LIMIT);
        if (text) {
          request = request.ilike("search_text", turkishSearchPattern(text));
        }
        request.then(({ data, error }) => {
          if (!current) {
            return;
          }
          setLoading(false);
          setSearchError(error ? errorMessage(error, "party search") : null);
          setMatches(error ? [] : ((data as unknown as Party[]) ?? []));
        });
      },
      text ? PARTY_SEARCH_DELAY_MS : 0,
    );

    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const optionOf = (party: Party) => ({
    value: party.id,
    label: party.name,
    detail: partyDetail(party, translate),
  });
  const options = matches.map(optionOf);
  if (selected && !matches.some((party) => party.id === selected.id)) {
    options.unshift(optionOf(selected));
  }

  return (
    <Select
      data-testid={testId}
      aria-label={label}
      showSearch
      style={{ width: "100%" }}
      value={value}
      loading={loading}
      filterOption={false}
      onSearch={setQuery}
      onChange={(partyId: string) => {
        const party = matches.find((match) => match.id === partyId);
        if (party) {
          setSelected(party);
        }
        onChange(partyId);
      }}
      notFoundContent={
        searchError
          ? translate("offer_builder.party_search_failed", {
              message: searchError,
            })
          : translate("offer_builder.party_no_match")
      }
      options={options}
      optionRender={(option) => (
        <div data-testid="party-option">
          <div>{option.data.label}</div>
          {option.data.detail ? (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12 }}
              data-testid="party-option-detail"
            >
              {option.data.detail}
            </Typography.Text>
          ) : null}
        </div>
      )}
    />
  );
}
