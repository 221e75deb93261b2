// Builds the synthetic demo data set in memory: the supplier, 25 staff, three
// levels of dealers, 2,000 parties, 5,000 metering points, meetings, actions
// and sales targets. The same seed and reference data give the same rows.

import { makeMeteringPointEic } from "../../shared/eic.ts";
import { withPluralSuffix } from "../../shared/turkish.ts";
import { DEMO_LOGINS, type DemoRole } from "./demo-logins.ts";
import {
  makeIban,
  makeLandline,
  makeMobilePhone,
  makeTckn,
  makeVkn,
  nextMeteringPointSerial,
} from "./identity.ts";
import {
  COMPANY_WORDS,
  FIRST_NAMES,
  LEGAL_FORMS,
  SECTORS,
  SURNAMES,
  TAX_OFFICES,
} from "./names.ts";
import { Random } from "./random.ts";

export type Row = Record<string, string | number | boolean | null>;

export type Province = {
  plate_code: number;
  name: string;
  distribution_region_code: string;
};

export type District = {
  id: number;
  province_plate_code: number;
  name: string;
  distribution_region_code: string | null;
};

export type ReferenceData = { provinces: Province[]; districts: District[] };

export type DemoAccount = {
  userId: string;
  email: string;
  fullName: string;
  staffId: string | null;
  dealerId: string | null;
  partyId: string | null;
};

export type DataSet = {
  organisation: Row;
  staff: Row[];
  dealers: Row[];
  dealerContacts: Row[];
  parties: Row[];
  partyContacts: Row[];
  meterGroups: Row[];
  meteringPoints: Row[];
  meetings: Row[];
  meetingParticipants: Row[];
  actions: Row[];
  salesTargets: Row[];
  accounts: DemoAccount[];
};

export const SIZES = {
  parties: 2_000,
  meteringPoints: 5_000,
  meetings: 3_000,
};

// The day the demo data treats as today: meetings before it are held,
// actions due before it are mostly done.
const REFERENCE_DAY = Date.UTC(2026, 10, 30);
const DAY_MS = 86_400_000;

// Relative weight of each province by plate code; the rest weigh 1.
const PROVINCE_WEIGHTS: Record<number, number> = {
  34: 30,
  6: 12,
  35: 10,
  16: 7,
  7: 5,
  41: 6,
  1: 4,
  42: 4,
  27: 4,
  59: 3,
  45: 3,
  20: 2,
  26: 2,
  55: 2,
  38: 2,
  33: 3,
  31: 2,
  10: 2,
};

const AREA_CODES: Record<number, string> = {
  34: "212",
  6: "312",
  35: "232",
  16: "224",
  7: "242",
  41: "262",
  1: "322",
  42: "332",
  27: "342",
};

const STAFF_ROLES: Array<[DemoRole, number]> = [
  ["admin", 1],
  ["manager", 2],
  ["sales_consultant", 10],
  ["call_centre_agent", 5],
  ["finance", 3],
  ["operations", 4],
];

function meetingStatus(held: boolean, random: Random): string {
  if (!held) {
    return "planned";
  }

  return random.chance(0.92) ? "held" : "cancelled";
}

function actionStatus(done: boolean, dueOn: number): string {
  if (done) {
    return "done";
  }

  return dueOn < REFERENCE_DAY ? "in_progress" : "open";
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function asciiSlug(text: string): string {
  return text
    .toLocaleLowerCase("tr-TR")
    .replace(/ç/g, "c")
    .replace(/ğ/g, "g")
    .replace(/ı/g, "i")
    .replace(/ö/g, "o")
    .replace(/ş/g, "s")
    .replace(/ü/g, "u")
    .replace(/[^a-z0-9]+/g, "");
}

export function generateDataSet(
  seed: number,
  reference: ReferenceData,
): DataSet {
  const random = new Random(seed);
  const provinces = reference.provinces;
  const provinceWeights = provinces.map(
    (province) => PROVINCE_WEIGHTS[province.plate_code] ?? 1,
  );
  const districtsByProvince = new Map<number, District[]>();
  for (const district of reference.districts) {
    const list = districtsByProvince.get(district.province_plate_code) ?? [];
    list.push(district);
    districtsByProvince.set(district.province_plate_code, list);
  }

  const personName = () =>
    `${random.pick(FIRST_NAMES)} ${random.pick(SURNAMES)}`;

  // A place: province, optional district, and the region serving it.
  const place = () => {
    const province = random.weighted(provinces, provinceWeights);
    const districts = districtsByProvince.get(province.plate_code);
    const district = districts ? random.pick(districts) : undefined;

    return {
      province,
      district,
      region:
        district?.distribution_region_code ?? province.distribution_region_code,
      areaCode: AREA_CODES[province.plate_code] ?? "216",
    };
  };

  const address = (where: ReturnType<typeof place>) =>
    `${random.pick(COMPANY_WORDS)} Mah. ${random.int(1, 250)}. Sok. No: ${random.int(1, 120)}` +
    `${where.district ? ` ${where.district.name}` : ""}/${where.province.name}`;

  // The supplier.
  const organisation: Row = {
    legal_name: "Ilgaz Enerji Tedarik ve Ticaret A.Ş.",
    trade_name: "Ilgaz Enerji",
    vkn: makeVkn(random),
    tax_office: "Zincirlikuyu",
    mersis_number: `0${random.digits(15)}`,
    address: "Büyükdere Cad. No: 100 Şişli/İstanbul",
    province_plate_code: 34,
    phone: makeLandline(random, "212"),
    email: "info@ilgazenerji.example",
    website: "https://ilgazenerji.example",
    iban: makeIban(random),
    logo_url: "/brand/logo.svg",
    email_sender_name: "Ilgaz Enerji",
    email_sender_address: "bildirim@ilgazenerji.example",
    payment_term_days: 10,
    epias_participant_code: "ILGAZENERJI",
    epias_organisation_eic: "40X000000009999E",
  };

  // Staff: the first of each role gets that role's demo login.
  const staff: Row[] = [];
  const staffByRole = new Map<DemoRole, Row[]>();
  for (const [role, count] of STAFF_ROLES) {
    for (let i = 0; i < count; i++) {
      const fullName = personName();
      const row: Row = {
        id: random.uuid(),
        role,
        full_name: fullName,
        email: `${asciiSlug(fullName)}.${staff.length + 1}@ilgazenerji.example`,
        phone: makeMobilePhone(random),
        title: role.replace(/_/g, " "),
        department:
          role === "sales_consultant" || role === "manager" ? "Satış" : null,
        is_active: true,
      };
      staff.push(row);
      staffByRole.set(role, [...(staffByRole.get(role) ?? []), row]);
    }
  }
  const consultants = staffByRole.get("sales_consultant") ?? [];

  // Dealers: 3 distributors × 3 main dealers × 3 sub-dealers.
  const dealers: Row[] = [];
  const dealerContacts: Row[] = [];
  const addDealer = (
    level: "distributor" | "main_dealer" | "sub_dealer",
    parent: Row | null,
    consultant: Row,
  ): Row => {
    const where = place();
    const word = random.pick(COMPANY_WORDS);
    const name = `${word} Enerji ${level === "sub_dealer" ? "Hizmetleri" : "Danışmanlık"}`;
    const row: Row = {
      id: random.uuid(),
      parent_dealer_id: parent ? (parent.id as string) : null,
      level,
      code: `B${String(dealers.length + 1).padStart(3, "0")}`,
      name: `${name} ${where.province.name}`,
      legal_name: `${name} ${random.pick(LEGAL_FORMS)}`,
      vkn: makeVkn(random),
      tax_office: random.pick(TAX_OFFICES),
      iban: makeIban(random),
      logo_url: null,
      email: `bayi${dealers.length + 1}@bayi.example`,
      phone: makeLandline(random, where.areaCode),
      address: address(where),
      province_plate_code: where.province.plate_code,
      district_id: where.district?.id ?? null,
      distribution_region_code: where.region,
      status: random.chance(0.93) ? "active" : "suspended",
      consultant_staff_id: consultant.id as string,
      contract_started_on: isoDay(
        REFERENCE_DAY - random.int(60, 1500) * DAY_MS,
      ),
    };
    dealers.push(row);
    for (let i = 0; i < random.int(1, 2); i++) {
      dealerContacts.push({
        id: random.uuid(),
        dealer_id: row.id as string,
        full_name: personName(),
        title: i === 0 ? "Genel Müdür" : "Satış Sorumlusu",
        email: `iletisim${dealerContacts.length + 1}@bayi.example`,
        phone: makeMobilePhone(random),
        is_primary: i === 0,
      });
    }

    return row;
  };
  for (let d = 0; d < 3; d++) {
    const distributor = addDealer("distributor", null, consultants[d]!);
    for (let m = 0; m < 3; m++) {
      const main = addDealer(
        "main_dealer",
        distributor,
        consultants[(3 * d + m) % consultants.length]!,
      );
      for (let s = 0; s < 3; s++) {
        addDealer("sub_dealer", main, consultants[(d + m + s) % 10]!);
      }
    }
  }
  // The demo dealer logins: the first main dealer and its first sub-dealer.
  const demoMainDealer = dealers[1]!;
  const demoSubDealer = dealers[2]!;
  demoMainDealer.status = "active";
  demoSubDealer.status = "active";

  // Parties.
  const parties: Row[] = [];
  const partyContacts: Row[] = [];
  const usedVkn = new Set<string>([organisation.vkn as string]);
  const usedTckn = new Set<string>();
  for (let i = 0; i < SIZES.parties; i++) {
    const isCompany = random.chance(0.65);
    const where = place();
    const lifecycle = random.weighted(
      ["lead", "customer", "former_customer"],
      [35, 55, 10],
    );
    const ownedByDealer = random.chance(0.5);
    let row: Row;
    if (isCompany) {
      let vkn = makeVkn(random);
      while (usedVkn.has(vkn)) {
        vkn = makeVkn(random);
      }
      usedVkn.add(vkn);
      const sector = random.pick(SECTORS);
      const name = random.chance(0.5)
        ? `${random.pick(COMPANY_WORDS)} ${sector.name} ${random.pick(LEGAL_FORMS)}`
        : `${withPluralSuffix(random.pick(SURNAMES))} ${sector.name} ${random.pick(LEGAL_FORMS)}`;
      row = {
        kind: "company",
        vkn,
        tckn: null,
        name: random.chance(0.3) ? name.toLocaleUpperCase("tr-TR") : name,
        sector: sector.name,
        subscriber_group_code: sector.group,
        estimated_yearly_consumption_kwh: Math.round(
          50_000 * 10 ** (random.next() * 2.6),
        ),
        email: `muhasebe${i + 1}@musteri.example`,
        phone: makeLandline(random, where.areaCode),
        tax_office: random.pick(TAX_OFFICES),
      };
    } else {
      let tckn = makeTckn(random);
      while (usedTckn.has(tckn)) {
        tckn = makeTckn(random);
      }
      usedTckn.add(tckn);
      row = {
        kind: "person",
        vkn: null,
        tckn,
        name: random.chance(0.3)
          ? personName().toLocaleUpperCase("tr-TR")
          : personName(),
        sector: null,
        subscriber_group_code: random.weighted(
          ["mesken", "ticarethane", "tarimsal_sulama"],
          [70, 25, 5],
        ),
        estimated_yearly_consumption_kwh: random.int(2_500, 60_000),
        email: random.chance(0.6) ? `kisi${i + 1}@posta.example` : null,
        phone: makeMobilePhone(random),
        tax_office: null,
      };
    }
    const billing = address(where);
    Object.assign(row, {
      id: random.uuid(),
      lifecycle,
      distribution_region_code: where.region,
      owner_staff_id: ownedByDealer
        ? null
        : (random.pick(consultants).id as string),
      owner_dealer_id: ownedByDealer
        ? (random.pick(dealers).id as string)
        : null,
      billing_address: billing,
      billing_province_plate_code: where.province.plate_code,
      billing_district_id: where.district?.id ?? null,
      postal_address: random.chance(0.8) ? billing : address(where),
      postal_province_plate_code: where.province.plate_code,
      postal_district_id: where.district?.id ?? null,
      became_customer_at:
        lifecycle === "lead"
          ? null
          : new Date(
              REFERENCE_DAY - random.int(30, 1400) * DAY_MS,
            ).toISOString(),
      left_at:
        lifecycle === "former_customer"
          ? new Date(REFERENCE_DAY - random.int(1, 29) * DAY_MS).toISOString()
          : null,
    });
    parties.push(row);
    const contactCount = isCompany ? random.int(1, 3) : 0;
    for (let c = 0; c < contactCount; c++) {
      partyContacts.push({
        id: random.uuid(),
        party_id: row.id as string,
        full_name: personName(),
        title: random.pick([
          "Genel Müdür",
          "Muhasebe Müdürü",
          "Teknik Müdür",
          "Satın Alma",
        ]),
        email: `yetkili${partyContacts.length + 1}@musteri.example`,
        phone: makeMobilePhone(random),
        is_primary: c === 0,
      });
    }
  }
  // The demo customer: a company customer of the demo sub-dealer.
  const demoCustomer = parties.find((party) => party.kind === "company")!;
  demoCustomer.owner_dealer_id = demoSubDealer.id as string;
  demoCustomer.owner_staff_id = null;
  demoCustomer.lifecycle = "customer";
  demoCustomer.became_customer_at = new Date(
    REFERENCE_DAY - 400 * DAY_MS,
  ).toISOString();
  demoCustomer.left_at = null;

  // Metering points: companies carry more of them; the demo customer has 8.
  const meteringPoints: Row[] = [];
  const meterGroups: Row[] = [];
  const partyWeights = parties.map((party) =>
    party.kind === "company" ? 4 : 1,
  );
  const pointsByParty = new Map<Row, number>([[demoCustomer, 8]]);
  for (let i = 8; i < SIZES.meteringPoints; i++) {
    const party = random.weighted(parties, partyWeights);
    pointsByParty.set(party, (pointsByParty.get(party) ?? 0) + 1);
  }
  let sequence = 0;
  for (const party of parties) {
    const count = pointsByParty.get(party) ?? 0;
    if (count === 0) {
      continue;
    }
    const groupIds: string[] = [];
    if (count >= 5) {
      for (const name of ["Merkez", "Şubeler"]) {
        const id = random.uuid();
        groupIds.push(id);
        meterGroups.push({
          id,
          party_id: party.id as string,
          name,
          description: `${name} sayaçları`,
        });
      }
    }
    for (let i = 0; i < count; i++) {
      const isCompany = party.kind === "company";
      const power = isCompany
        ? Math.round(20 * 10 ** (random.next() * 2.2))
        : random.pick([5, 7.5, 10, 15]);
      const voltage = power > 1000 ? "OG" : "AG";
      sequence = nextMeteringPointSerial(sequence);
      const status = {
        lead: random.chance(0.7) ? "prospect" : "registration_pending",
        customer: random.chance(0.95) ? "active" : "leaving",
        former_customer: "inactive",
      }[party.lifecycle as string];
      meteringPoints.push({
        id: random.uuid(),
        code: makeMeteringPointEic(sequence),
        party_id: party.id as string,
        meter_group_id: groupIds.length > 0 ? random.pick(groupIds) : null,
        installation_number: String(40_000_000 + sequence * 7),
        meter_serial: `${random.pick(["KHL", "MKL", "LNG", "ELM"])}${random.digits(9)}`,
        distribution_region_code: party.distribution_region_code as string,
        subscriber_group_code: party.subscriber_group_code as string,
        voltage_level_code: voltage,
        tariff_type: random.chance(0.6) ? "three_time" : "single_time",
        connection_power_kw: power,
        multiplier:
          voltage === "OG"
            ? random.pick([400, 800, 1200])
            : power > 60
              ? random.pick([20, 40, 60])
              : 1,
        reading_method:
          isCompany && (power > 100 || random.chance(0.3)) ? "osos" : "manual",
        status: status ?? "prospect",
        address: party.billing_address as string,
        province_plate_code: party.billing_province_plate_code as number,
        district_id: party.billing_district_id as number | null,
        estimated_yearly_consumption_kwh: Math.round(
          Number(party.estimated_yearly_consumption_kwh) / count,
        ),
        supply_started_on:
          party.lifecycle === "lead"
            ? null
            : isoDay(Date.parse(party.became_customer_at as string)),
        supply_ended_on:
          party.lifecycle === "former_customer"
            ? isoDay(Date.parse(party.left_at as string))
            : null,
      });
    }
  }

  // Meetings, their participants and the actions they produce.
  const meetings: Row[] = [];
  const meetingParticipants: Row[] = [];
  const actions: Row[] = [];
  const contactsByParty = new Map<string, Row[]>();
  for (const contact of partyContacts) {
    const list = contactsByParty.get(contact.party_id as string) ?? [];
    list.push(contact);
    contactsByParty.set(contact.party_id as string, list);
  }
  for (let i = 0; i < SIZES.meetings; i++) {
    const party = i < 6 ? demoCustomer : random.pick(parties);
    const startsAt =
      REFERENCE_DAY +
      random.int(-330, 45) * DAY_MS +
      random.int(8, 17) * 3_600_000;
    const held = startsAt < REFERENCE_DAY;
    const kind = random.weighted(["visit", "call", "email"], [40, 45, 15]);
    const ownerStaffId = (party.owner_staff_id as string | null) ?? null;
    const ownerDealerId = (party.owner_dealer_id as string | null) ?? null;
    const outcome = held
      ? random.weighted(
          [
            "offer_requested",
            "follow_up",
            "interested",
            "not_interested",
            "no_answer",
          ],
          [20, 35, 20, 15, 10],
        )
      : null;
    const meeting: Row = {
      id: random.uuid(),
      party_id: party.id as string,
      kind,
      status: meetingStatus(held, random),
      starts_at: new Date(startsAt).toISOString(),
      duration: kind === "visit" ? "01:00:00" : "00:15:00",
      subject: {
        visit: "Tanışma ve tüketim analizi ziyareti",
        call: "Teklif öncesi bilgi görüşmesi",
        email: "Fatura ve sözleşme bilgileri",
      }[kind] as string,
      notes: held
        ? "Son 12 aylık faturalar istendi; gece tüketim oranı konuşuldu."
        : null,
      outcome,
      owner_staff_id: ownerStaffId,
      owner_dealer_id: ownerDealerId,
    };
    meetings.push(meeting);
    if (ownerStaffId) {
      meetingParticipants.push({
        id: random.uuid(),
        meeting_id: meeting.id as string,
        staff_id: ownerStaffId,
        party_contact_id: null,
        external_name: null,
      });
    }
    const contacts = contactsByParty.get(party.id as string);
    meetingParticipants.push({
      id: random.uuid(),
      meeting_id: meeting.id as string,
      staff_id: null,
      party_contact_id: contacts ? (random.pick(contacts).id as string) : null,
      external_name: contacts ? null : (party.name as string),
    });
    if (held && random.chance(0.6)) {
      const dueOn = startsAt + random.int(3, 30) * DAY_MS;
      const done = dueOn < REFERENCE_DAY && random.chance(0.8);
      actions.push({
        id: random.uuid(),
        meeting_id: meeting.id as string,
        party_id: party.id as string,
        title:
          outcome === "offer_requested"
            ? "Teklif hazırla ve gönder"
            : "Müşteriyi tekrar ara",
        details: null,
        owner_staff_id: ownerStaffId,
        owner_dealer_id: ownerDealerId,
        due_on: isoDay(dueOn),
        status: actionStatus(done, dueOn),
        completed_at: done ? new Date(dueOn - DAY_MS).toISOString() : null,
      });
    }
  }

  // Creation dates: a party is entered before it becomes a customer and
  // before its first meeting, so that a month of the dashboard counts a
  // believable number of new parties. Leads arrive over the 20 months
  // before the reference day. The dates come from a generator of their own,
  // so every other value of a seed stays as it was.
  const dates = new Random(seed * 104_729 + 3);
  const firstMeetingAt = new Map<string, number>();
  for (const meeting of meetings) {
    const partyId = meeting.party_id as string;
    const startsAt = Date.parse(meeting.starts_at as string);
    firstMeetingAt.set(
      partyId,
      Math.min(firstMeetingAt.get(partyId) ?? startsAt, startsAt),
    );
  }
  for (const party of parties) {
    const becameAt = party.became_customer_at
      ? Date.parse(party.became_customer_at as string)
      : REFERENCE_DAY;
    const latest = Math.min(
      becameAt,
      firstMeetingAt.get(party.id as string) ?? REFERENCE_DAY,
      REFERENCE_DAY,
    );
    const daysBefore =
      party.lifecycle === "lead" ? dates.int(0, 600) : dates.int(7, 240);
    party.created_at = new Date(
      latest - daysBefore * DAY_MS - dates.int(1, 10) * 3_600_000,
    ).toISOString();
  }

  // Quarterly targets for 2026: every consultant, distributor and main dealer.
  const salesTargets: Row[] = [];
  const targetSubjects = [
    ...consultants.map((row) => ({
      staff_id: row.id as string,
      dealer_id: null,
    })),
    ...dealers
      .filter((row) => row.level !== "sub_dealer")
      .map((row) => ({ staff_id: null, dealer_id: row.id as string })),
  ];
  for (const subject of targetSubjects) {
    for (let quarter = 0; quarter < 4; quarter++) {
      salesTargets.push({
        id: random.uuid(),
        ...subject,
        period_start: isoDay(Date.UTC(2026, quarter * 3, 1)),
        period_end: isoDay(Date.UTC(2026, quarter * 3 + 3, 0)),
        target_mwh: random.int(5, 80) * 100,
        target_count: random.int(5, 40),
        sector: random.chance(0.3) ? random.pick(SECTORS).name : null,
        distribution_region_code: null,
      });
    }
  }

  // Demo logins.
  const firstOfRole = (role: DemoRole) => staffByRole.get(role)?.[0];
  const accounts: DemoAccount[] = DEMO_LOGINS.map((login) => {
    const staffRow =
      login.role === "dealer_user" || login.role === "customer_user"
        ? undefined
        : firstOfRole(login.role);
    const dealerRow =
      login.email === "dealer.main@demo.enerji.test"
        ? demoMainDealer
        : login.email === "dealer.sub@demo.enerji.test"
          ? demoSubDealer
          : undefined;
    const partyRow = login.role === "customer_user" ? demoCustomer : undefined;

    return {
      userId: random.uuid(),
      email: login.email,
      fullName: (staffRow?.full_name as string) ?? personName(),
      staffId: (staffRow?.id as string) ?? null,
      dealerId: (dealerRow?.id as string) ?? null,
      partyId: (partyRow?.id as string) ?? null,
    };
  });

  return {
    organisation,
    staff,
    dealers,
    dealerContacts,
    parties,
    partyContacts,
    meterGroups,
    meteringPoints,
    meetings,
    meetingParticipants,
    actions,
    salesTargets,
    accounts,
  };
}
