// A party select that searches on the server as the user types, so every
// party the user can see is reachable however long the list is. The query
// is Turkish-folded and matched against parties.search_text, the same
// search the party list uses.
import { useTranslate } from "@refinedev/core";
import { Select } from "antd";
import { useEffect, useState } from "react";
import { turkishSearchPattern } from "../../../shared/turkish.ts";
import { errorMessage } from "../errors/translate.ts";
import { supabase } from "../supabase.ts";

// Maximum number of matches shown for one query. The user narrows the
// query to reach a party beyond it.
export const PARTY_SEARCH_LIMIT = 50;
// Pause after the last keystroke before the search request is sent.
const PARTY_SEARCH_DELAY_MS = 300;

type Party = { id: string; name: string };

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
      .select("id, name")
      .eq("id", value)
      .maybeSingle()
      .then(({ data }) => {
        if (current && data) {
          setSelected(data as Party);
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
          .select("id, name")
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
          setMatches(error ? [] : ((data as Party[]) ?? []));
        });
      },
      text ? PARTY_SEARCH_DELAY_MS : 0,
    );

    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  const options = matches.map((party) => ({
    value: party.id,
    label: party.name,
  }));
  if (selected && !matches.some((party) => party.id === selected.id)) {
    options.unshift({ value: selected.id, label: selected.name });
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
    />
  );
}
