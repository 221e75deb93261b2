// The admin's resources, one description per table. Roles follow the row
// level security policies of each table: a role listed here sees the screen,
// and the database still decides which rows and changes it allows.
import type {
  FieldDescription,
  FieldKind,
  ResourceDescription,
  StaffRole,
} from "./types.ts";

function field(
  name: string,
  tr: string,
  en: string,
  kind: FieldKind = "text",
  extra: Partial<FieldDescription> = {},
): FieldDescription {
  return { name, label: { tr, en }, kind, ...extra };
}

const ALL_STAFF: readonly StaffRole[] = [
  "admin",
  "manager",
  "sales_consultant",
  "call_centre_agent",
  "finance",
  "operations",
];
const ADMINS: readonly StaffRole[] = ["admin"];
const MANAGERS: readonly StaffRole[] = ["admin", "manager"];
const PARTY_WRITERS: readonly StaffRole[] = [
  "admin",
  "manager",
  "sales_consultant",
];
const OPERATIONS: readonly StaffRole[] = ["admin", "manager", "operations"];

const staffRef = () => ({
  resource: "staff",
  labelField: "full_name",
  detailField: "email",
});
const dealerRef = () => ({ resource: "dealers", labelField: "name" });
const partyRef = { resource: "parties", labelField: "name" };
const regionRef = {
  resource: "distribution_regions",
  labelField: "name",
  idField: "code",
};
const groupRef = {
  resource: "subscriber_groups",
  labelField: "name_tr",
  idField: "code",
};
const voltageRef = {
  resource: "voltage_levels",
  labelField: "name_tr",
  idField: "code",
};
const provinceRef = {
  resource: "provinces",
  labelField: "name",
  idField: "plate_code",
};

const createdAt = field("created_at", "Oluşturulma", "Created", "datetime", {
  readOnly: true,
  sortable: true,
});
const updatedAt = field("updated_at", "Güncellenme", "Updated", "datetime", {
  readOnly: true,
});
const source = field("source", "Kaynak", "Source", "text", {
  list: true,
  required: true,
});
const isDemo = field("is_demo", "Örnek veri", "Demo data", "boolean", {
  readOnly: true,
});

const parties: ResourceDescription = {
  name: "parties",
  route: "/parties",
  label: { tr: "Firmalar ve kişiler", en: "Parties" },
  singular: { tr: "Firma / kişi", en: "Party" },
  group: "customers",
  titleField: "name",
  search: { field: "search_text", folded: true },
  defaultSort: { field: "name", order: "asc" },
  access: {
    list: ALL_STAFF,
    create: PARTY_WRITERS,
    edit: PARTY_WRITERS,
  },
  fields: [
    field("name", "Ad / unvan", "Name", "text", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("kind", "Tür", "Kind", "enum", {
      list: true,
      filterable: true,
      required: true,
      options: ["company", "person"],
    }),
    field("customer_code", "Müşteri kodu", "Customer code", "text", {
      list: true,
      readOnly: true,
      sortable: true,
    }),
    field("vkn", "VKN", "Tax number (VKN)", "text", { format: "vkn" }),
    field("tckn", "TCKN", "Identity number (TCKN)", "text", {
      format: "tckn",
    }),
    field("lifecycle", "Durum", "Lifecycle", "enum", {
      list: true,
      filterable: true,
      sortable: true,
      options: ["lead", "customer", "former_customer"],
    }),
    field("tax_office", "Vergi dairesi", "Tax office"),
    field("sector", "Sektör", "Sector", "text", { list: true, sortable: true }),
    field(
      "estimated_yearly_consumption_kwh",
      "Tahmini yıllık tüketim (kWh)",
      "Estimated yearly consumption (kWh)",
      "decimal",
      { list: true, sortable: true, fractionDigits: 0 },
    ),
    field(
      "distribution_region_code",
      "Dağıtım bölgesi",
      "Region",
      "reference",
      {
        reference: regionRef,
        list: true,
      },
    ),
    field(
      "subscriber_group_code",
      "Abone grubu",
      "Subscriber group",
      "reference",
      {
        reference: groupRef,
      },
    ),
    // A sales consultant may add only parties that they or their dealers
    // own, so only managers pick another owner.
    field("owner_staff_id", "Sorumlu personel", "Owner (staff)", "reference", {
      reference: staffRef(),
      list: true,
      sortable: true,
      defaultsToSignedInStaff: true,
      changeableBy: MANAGERS,
    }),
    field("owner_dealer_id", "Sorumlu bayi", "Owner (dealer)", "reference", {
      reference: dealerRef(),
      list: true,
      sortable: true,
    }),
    field("email", "E-posta", "Email", "text", { format: "email" }),
    field("phone", "Telefon", "Phone", "text", { format: "phone" }),
    field("billing_address", "Fatura adresi", "Billing address", "longtext"),
    field(
      "billing_province_plate_code",
      "Fatura ili",
      "Billing province",
      "reference",
      {
        reference: provinceRef,
      },
    ),
    field("became_customer_at", "Müşteri olma", "Became customer", "datetime", {
      readOnly: true,
    }),
    field("notes", "Notlar", "Notes", "longtext"),
    createdAt,
    updatedAt,
  ],
  related: [
    {
      resource: "party_contacts",
      foreignKey: "party_id",
      label: { tr: "Yetkililer", en: "Contacts" },
    },
    {
      resource: "metering_points",
      foreignKey: "party_id",
      label: { tr: "Sayaçlar", en: "Metering points" },
    },
    {
      resource: "meetings",
      foreignKey: "party_id",
      label: { tr: "Görüşmeler", en: "Meetings" },
    },
    {
      resource: "actions",
      foreignKey: "party_id",
      label: { tr: "Aksiyonlar", en: "Actions" },
    },
  ],
};

const partyContacts: ResourceDescription = {
  name: "party_contacts",
  route: "/party-contacts",
  label: { tr: "Firma yetkilileri", en: "Party contacts" },
  singular: { tr: "Firma yetkilisi", en: "Party contact" },
  group: "customers",
  titleField: "full_name",
  defaultSort: { field: "full_name", order: "asc" },
  access: { list: ALL_STAFF, create: PARTY_WRITERS, edit: PARTY_WRITERS },
  fields: [
    field("full_name", "Ad soyad", "Full name", "text", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("party_id", "Firma / kişi", "Party", "reference", {
      reference: partyRef,
      list: true,
      required: true,
      sortable: true,
    }),
    field("title", "Unvan", "Title", "text", { list: true }),
    field("email", "E-posta", "Email", "text", { list: true, format: "email" }),
    field("phone", "Telefon", "Phone", "text", { list: true, format: "phone" }),
    field("is_primary", "Birincil", "Primary", "boolean", { list: true }),
    createdAt,
  ],
};

const meetings: ResourceDescription = {
  name: "meetings",
  route: "/meetings",
  label: { tr: "Görüşmeler", en: "Meetings" },
  singular: { tr: "Görüşme", en: "Meeting" },
  group: "sales",
  titleField: "subject",
  search: { field: "search_text", folded: true },
  defaultSort: { field: "starts_at", order: "desc" },
  access: {
    list: ["admin", "manager", "sales_consultant", "call_centre_agent"],
    create: ["admin", "manager", "sales_consultant", "call_centre_agent"],
    edit: ["admin", "manager", "sales_consultant", "call_centre_agent"],
  },
  fields: [
    field("starts_at", "Başlangıç", "Starts at", "datetime", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("subject", "Konu", "Subject", "text", { list: true, required: true }),
    field("party_id", "Firma / kişi", "Party", "reference", {
      reference: partyRef,
      list: true,
      required: true,
      sortable: true,
    }),
    field("kind", "Tür", "Kind", "enum", {
      list: true,
      filterable: true,
      required: true,
      options: ["visit", "call", "email"],
    }),
    field("status", "Durum", "Status", "enum", {
      list: true,
      filterable: true,
      options: ["planned", "held", "cancelled"],
    }),
    field("outcome", "Sonuç", "Outcome", "enum", {
      list: true,
      filterable: true,
      options: [
        "offer_requested",
        "follow_up",
        "interested",
        "not_interested",
        "no_answer",
      ],
    }),
    field("duration", "Süre", "Duration", "interval"),
    // Staff other than managers may only update meetings they own, so only
    // managers pick another owner.
    field("owner_staff_id", "Sorumlu personel", "Owner (staff)", "reference", {
      reference: staffRef(),
      list: true,
      defaultsToSignedInStaff: true,
      changeableBy: MANAGERS,
    }),
    field("owner_dealer_id", "Sorumlu bayi", "Owner (dealer)", "reference", {
      reference: dealerRef(),
    }),
    field("notes", "Notlar", "Notes", "longtext"),
    createdAt,
  ],
  related: [
    {
      resource: "actions",
      foreignKey: "meeting_id",
      label: { tr: "Aksiyonlar", en: "Actions" },
    },
  ],
};

const actions: ResourceDescription = {
  name: "actions",
  route: "/actions",
  label: { tr: "Aksiyonlar", en: "Actions" },
  singular: { tr: "Aksiyon", en: "Action" },
  group: "sales",
  titleField: "title",
  search: { field: "search_text", folded: true },
  defaultSort: { field: "due_on", order: "asc" },
  access: {
    list: ["admin", "manager", "sales_consultant", "call_centre_agent"],
    create: ["admin", "manager", "sales_consultant", "call_centre_agent"],
    edit: ["admin", "manager", "sales_consultant", "call_centre_agent"],
  },
  fields: [
    field("title", "Başlık", "Title", "text", { list: true, required: true }),
    field("due_on", "Son tarih", "Due on", "date", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("status", "Durum", "Status", "enum", {
      list: true,
      filterable: true,
      options: ["open", "in_progress", "done", "cancelled"],
    }),
    field("party_id", "Firma / kişi", "Party", "reference", {
      reference: partyRef,
      list: true,
      sortable: true,
    }),
    field("meeting_id", "Görüşme", "Meeting", "reference", {
      reference: { resource: "meetings", labelField: "subject" },
    }),
    field("owner_staff_id", "Sorumlu personel", "Owner (staff)", "reference", {
      reference: staffRef(),
      list: true,
    }),
    field("owner_dealer_id", "Sorumlu bayi", "Owner (dealer)", "reference", {
      reference: dealerRef(),
    }),
    field("completed_at", "Tamamlanma", "Completed at", "datetime"),
    field("details", "Ayrıntılar", "Details", "longtext"),
    createdAt,
  ],
};

const salesTargets: ResourceDescription = {
  name: "sales_targets",
  route: "/sales-targets",
  label: { tr: "Satış hedefleri", en: "Sales targets" },
  singular: { tr: "Satış hedefi", en: "Sales target" },
  group: "sales",
  titleField: "period_start",
  defaultSort: { field: "period_start", order: "desc" },
  access: {
    list: ["admin", "manager", "sales_consultant"],
    create: MANAGERS,
    edit: MANAGERS,
  },
  fields: [
    field("staff_id", "Personel", "Staff", "reference", {
      reference: staffRef(),
      list: true,
      sortable: true,
    }),
    field("dealer_id", "Bayi", "Dealer", "reference", {
      reference: dealerRef(),
      list: true,
      sortable: true,
    }),
    field("period_start", "Dönem başı", "Period start", "date", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("period_end", "Dönem sonu", "Period end", "date", {
      list: true,
      required: true,
    }),
    field("target_mwh", "Hedef (MWh)", "Target (MWh)", "decimal", {
      list: true,
      sortable: true,
      fractionDigits: 3,
    }),
    field("target_count", "Hedef (adet)", "Target (count)", "integer", {
      list: true,
    }),
    field("sector", "Sektör", "Sector"),
    field(
      "distribution_region_code",
      "Dağıtım bölgesi",
      "Region",
      "reference",
      {
        reference: regionRef,
      },
    ),
    createdAt,
  ],
};

const dealers: ResourceDescription = {
  name: "dealers",
  route: "/dealers",
  label: { tr: "Bayiler", en: "Dealers" },
  singular: { tr: "Bayi", en: "Dealer" },
  group: "organisation",
  titleField: "name",
  search: { field: "search_text", folded: true },
  defaultSort: { field: "name", order: "asc" },
  access: {
    list: ALL_STAFF,
    create: MANAGERS,
    edit: PARTY_WRITERS,
  },
  fields: [
    field("code", "Kod", "Code", "text", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("name", "Ad", "Name", "text", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("level", "Seviye", "Level", "enum", {
      list: true,
      filterable: true,
      required: true,
      options: ["distributor", "main_dealer", "sub_dealer"],
    }),
    field("status", "Durum", "Status", "enum", {
      list: true,
      filterable: true,
      options: ["prospective", "active", "suspended", "terminated"],
    }),
    field("parent_dealer_id", "Üst bayi", "Parent dealer", "reference", {
      reference: dealerRef(),
      list: true,
    }),
    field(
      "consultant_staff_id",
      "Sorumlu personel",
      "Consultant",
      "reference",
      {
        reference: staffRef(),
        list: true,
      },
    ),
    field("legal_name", "Ticari unvan", "Legal name", "text", {
      required: true,
    }),
    field("vkn", "VKN", "Tax number (VKN)", "text", { format: "vkn" }),
    field("tckn", "TCKN", "Identity number (TCKN)", "text", {
      format: "tckn",
    }),
    field("tax_office", "Vergi dairesi", "Tax office"),
    field("iban", "IBAN", "IBAN"),
    field("email", "E-posta", "Email", "text", { format: "email" }),
    field("phone", "Telefon", "Phone", "text", { format: "phone" }),
    field("address", "Adres", "Address", "longtext"),
    field(
      "distribution_region_code",
      "Dağıtım bölgesi",
      "Region",
      "reference",
      {
        reference: regionRef,
      },
    ),
    field(
      "contract_started_on",
      "Sözleşme başlangıcı",
      "Contract start",
      "date",
    ),
    createdAt,
  ],
  related: [
    {
      resource: "dealer_contacts",
      foreignKey: "dealer_id",
      label: { tr: "Yetkililer", en: "Contacts" },
    },
    {
      resource: "parties",
      foreignKey: "owner_dealer_id",
      label: { tr: "Firmalar ve kişiler", en: "Parties" },
    },
  ],
};

const dealerContacts: ResourceDescription = {
  name: "dealer_contacts",
  route: "/dealer-contacts",
  label: { tr: "Bayi yetkilileri", en: "Dealer contacts" },
  singular: { tr: "Bayi yetkilisi", en: "Dealer contact" },
  group: "organisation",
  titleField: "full_name",
  defaultSort: { field: "full_name", order: "asc" },
  access: { list: ALL_STAFF, create: MANAGERS, edit: MANAGERS },
  fields: [
    field("full_name", "Ad soyad", "Full name", "text", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("dealer_id", "Bayi", "Dealer", "reference", {
      reference: dealerRef(),
      list: true,
      required: true,
      sortable: true,
    }),
    field("title", "Unvan", "Title", "text", { list: true }),
    field("email", "E-posta", "Email", "text", { list: true, format: "email" }),
    field("phone", "Telefon", "Phone", "text", { list: true, format: "phone" }),
    field("is_primary", "Birincil", "Primary", "boolean", { list: true }),
    createdAt,
  ],
};

const staff: ResourceDescription = {
  name: "staff",
  route: "/staff",
  label: { tr: "Personel", en: "Staff" },
  singular: { tr: "Personel", en: "Staff member" },
  group: "organisation",
  titleField: "full_name",
  search: { field: "search_text", folded: true },
  defaultSort: { field: "full_name", order: "asc" },
  access: { list: ALL_STAFF, create: ADMINS, edit: ADMINS },
  fields: [
    field("full_name", "Ad soyad", "Full name", "text", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("role", "Rol", "Role", "enum", {
      list: true,
      filterable: true,
      required: true,
      options: [
        "admin",
        "manager",
        "sales_consultant",
        "call_centre_agent",
        "finance",
        "operations",
      ],
    }),
    field("email", "E-posta", "Email", "text", {
      list: true,
      required: true,
      format: "email",
    }),
    field("phone", "Telefon", "Phone", "text", { format: "phone" }),
    field("title", "Unvan", "Title", "text", { list: true }),
    field("department", "Bölüm", "Department", "text", { list: true }),
    field("is_active", "Etkin", "Active", "boolean", {
      list: true,
      filterable: true,
    }),
    createdAt,
  ],
  related: [
    {
      resource: "parties",
      foreignKey: "owner_staff_id",
      label: { tr: "Sorumlu olduğu firmalar", en: "Parties owned" },
    },
    {
      resource: "sales_targets",
      foreignKey: "staff_id",
      label: { tr: "Satış hedefleri", en: "Sales targets" },
    },
  ],
};

const meterGroups: ResourceDescription = {
  name: "meter_groups",
  route: "/meter-groups",
  label: { tr: "Sayaç grupları", en: "Meter groups" },
  singular: { tr: "Sayaç grubu", en: "Meter group" },
  group: "customers",
  titleField: "name",
  defaultSort: { field: "name", order: "asc" },
  access: { list: ALL_STAFF, create: OPERATIONS, edit: OPERATIONS },
  fields: [
    field("name", "Ad", "Name", "text", {
      list: true,
      sortable: true,
      required: true,
    }),
    field("party_id", "Firma / kişi", "Party", "reference", {
      reference: partyRef,
      list: true,
      required: true,
      sortable: true,
    }),
    field("description", "Açıklama", "Description", "longtext", { list: true }),
    createdAt,
  ],
  related: [
    {
      resource: "metering_points",
      foreignKey: "meter_group_id",
      label: { tr: "Sayaçlar", en: "Metering points" },
    },
  ],
};

const meteringPoints: ResourceDescription = {
  name: "metering_points",
  route: "/metering-points",
  label: { tr: "Sayaçlar", en: "Metering points" },
  singular: { tr: "Sayaç", en: "Metering point" },
  group: "customers",
  titleField: "code",
  search: { field: "code", folded: false },
  defaultSort: { field: "code", order: "asc" },
  access: {
    list: ALL_STAFF,
    create: ["admin", "manager", "operations", "sales_consultant"],
    edit: ["admin", "manager", "operations", "sales_consultant"],
  },
  fields: [
    field("code", "Tesisat kodu (ETSO)", "Metering point code", "text", {
      list: true,
      sortable: true,
      required: true,
      format: "eic",
    }),
    field("party_id", "Firma / kişi", "Party", "reference", {
      reference: partyRef,
      list: true,
      sortable: true,
    }),
    field("meter_group_id", "Sayaç grubu", "Meter group", "reference", {
      reference: { resource: "meter_groups", labelField: "name" },
    }),
    field("status", "Durum", "Status", "enum", {
      list: true,
      filterable: true,
      sortable: true,
      options: [
        "prospect",
        "registration_pending",
        "active",
        "leaving",
        "inactive",
      ],
    }),
    field("installation_number", "Tesisat no", "Installation number", "text", {
      list: true,
      required: true,
    }),
    field("meter_serial", "Sayaç seri no", "Meter serial", "text", {
      required: true,
    }),
    field(
      "distribution_region_code",
      "Dağıtım bölgesi",
      "Region",
      "reference",
      {
        reference: regionRef,
        list: true,
        required: true,
      },
    ),
    field(
      "subscriber_group_code",
      "Abone grubu",
      "Subscriber group",
      "reference",
      {
        reference: groupRef,
        list: true,
        required: true,
      },
    ),
    field(
      "voltage_level_code",
      "Gerilim seviyesi",
      "Voltage level",
      "reference",
      {
        reference: voltageRef,
        required: true,
      },
    ),
    field("tariff_type", "Tarife tipi", "Tariff type", "enum", {
      list: true,
      filterable: true,
      required: true,
      options: ["single_time", "three_time"],
    }),
    field(
      "connection_power_kw",
      "Bağlantı gücü (kW)",
      "Connection power (kW)",
      "decimal",
      {
        required: true,
        fractionDigits: 2,
      },
    ),
    field("multiplier", "Çarpan", "Multiplier", "decimal", {
      fractionDigits: 3,
    }),
    field("reading_method", "Okuma yöntemi", "Reading method", "enum", {
      required: true,
      options: ["osos", "manual"],
    }),
    field(
      "estimated_yearly_consumption_kwh",
      "Tahmini yıllık tüketim (kWh)",
      "Estimated yearly consumption (kWh)",
      "decimal",
      { list: true, sortable: true, fractionDigits: 0 },
    ),
    field("address", "Adres", "Address", "longtext"),
    field("supply_started_on", "Tedarik başlangıcı", "Supply started", "date"),
    field("supply_ended_on", "Tedarik bitişi", "Supply ended", "date"),
    createdAt,
  ],
};

// Columns that several market data tables share, each with one label and
// kind. marketColumn adds the table's own list and sort settings.
const MARKET_COLUMNS = {
  hour_start: field("hour_start", "Saat", "Hour", "datetime"),
  valid_from: field("valid_from", "Geçerlilik başı", "Valid from", "date"),
  valid_to: field("valid_to", "Geçerlilik sonu", "Valid to", "date"),
  distribution_region_code: field(
    "distribution_region_code",
    "Dağıtım bölgesi",
    "Region",
    "reference",
    { reference: regionRef },
  ),
  subscriber_group_code: field(
    "subscriber_group_code",
    "Abone grubu",
    "Subscriber group",
    "reference",
    { reference: groupRef },
  ),
  voltage_level_code: field(
    "voltage_level_code",
    "Gerilim seviyesi",
    "Voltage level",
    "reference",
    { reference: voltageRef },
  ),
} satisfies Record<string, FieldDescription>;

function marketColumn(
  name: keyof typeof MARKET_COLUMNS,
  extra: Partial<FieldDescription> = {},
): FieldDescription {
  return { ...MARKET_COLUMNS[name], ...extra };
}

// Market data arrives through the importers (service role); staff read it.
function hourlyPrices(
  name: string,
  route: string,
  label: { tr: string; en: string },
): ResourceDescription {
  return {
    name,
    route,
    label,
    singular: label,
    group: "market",
    idField: "hour_start",
    titleField: "hour_start",
    defaultSort: { field: "hour_start", order: "desc" },
    access: { list: ALL_STAFF },
    fields: [
      marketColumn("hour_start", { list: true, sortable: true }),
      field("price_try_per_mwh", "Fiyat (TL/MWh)", "Price (TL/MWh)", "money", {
        list: true,
        sortable: true,
      }),
      source,
      isDemo,
    ],
  };
}

const yekdemUnitCosts: ResourceDescription = {
  name: "yekdem_unit_costs",
  route: "/yekdem-unit-costs",
  label: { tr: "YEKDEM birim maliyetleri", en: "YEKDEM unit costs" },
  singular: { tr: "YEKDEM birim maliyeti", en: "YEKDEM unit cost" },
  group: "market",
  idField: "period_month",
  titleField: "period_month",
  defaultSort: { field: "period_month", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("period_month", "Ay", "Month", "date", {
      list: true,
      sortable: true,
    }),
    field(
      "unit_cost_try_per_mwh",
      "Birim maliyet (TL/MWh)",
      "Unit cost (TL/MWh)",
      "money",
      { list: true, sortable: true },
    ),
    source,
    isDemo,
  ],
};

const regulatedTariffRates: ResourceDescription = {
  name: "regulated_tariff_rates",
  route: "/regulated-tariff-rates",
  label: { tr: "Düzenlenmiş tarifeler", en: "Regulated tariff rates" },
  singular: { tr: "Tarife bedeli", en: "Tariff rate" },
  group: "market",
  idField: "regulated_tariff_rate_id",
  titleField: "regulated_tariff_rate_id",
  defaultSort: { field: "valid_from", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    marketColumn("valid_from", { list: true, sortable: true }),
    field("component", "Bileşen", "Component", "enum", {
      list: true,
      filterable: true,
      options: ["energy", "distribution"],
    }),
    marketColumn("subscriber_group_code", { list: true }),
    marketColumn("voltage_level_code", { list: true }),
    field("term_type", "Terim", "Term type", "enum", {
      list: true,
      filterable: true,
      options: ["single_term", "two_term"],
    }),
    field("tariff_type", "Tarife tipi", "Tariff type", "enum", {
      list: true,
      filterable: true,
      options: ["single_time", "three_time"],
    }),
    field("time_zone_code", "Zaman dilimi", "Time zone", "text", {
      list: true,
    }),
    field("rate_try_per_kwh", "Bedel (TL/kWh)", "Rate (TL/kWh)", "decimal", {
      list: true,
      sortable: true,
      fractionDigits: 6,
    }),
    source,
    isDemo,
  ],
};

const taxRates: ResourceDescription = {
  name: "tax_rates",
  route: "/tax-rates",
  label: { tr: "Vergi oranları", en: "Tax rates" },
  singular: { tr: "Vergi oranı", en: "Tax rate" },
  group: "market",
  idField: "tax_rate_id",
  titleField: "description",
  defaultSort: { field: "tax_code", order: "asc" },
  access: { list: ALL_STAFF },
  fields: [
    field("tax_code", "Vergi", "Tax", "enum", {
      list: true,
      filterable: true,
      sortable: true,
      options: [
        "kdv",
        "btv",
        "stamp_tax",
        "late_payment",
        "trt",
        "energy_fund",
      ],
    }),
    field("description", "Açıklama", "Description", "text", { list: true }),
    marketColumn("subscriber_group_code", { list: true }),
    field("rate", "Oran", "Rate", "decimal", { list: true, fractionDigits: 6 }),
    field("unit", "Birim", "Unit", "enum", {
      list: true,
      options: ["percent", "per_mille", "percent_per_month"],
    }),
    marketColumn("valid_from", { list: true }),
    marketColumn("valid_to", { list: true }),
    source,
    isDemo,
  ],
};

const profileCoefficients: ResourceDescription = {
  name: "profile_coefficients",
  route: "/profile-coefficients",
  label: { tr: "Profil katsayıları", en: "Profile coefficients" },
  singular: { tr: "Profil katsayısı", en: "Profile coefficient" },
  group: "market",
  // An hour has one coefficient per region, subscriber group, voltage
  // level and reading type, and the table has no single key column.
  keyFields: [
    "hour_start",
    "distribution_region_code",
    "subscriber_group_code",
    "voltage_level_code",
    "meter_reading_type",
  ],
  titleField: "hour_start",
  defaultSort: { field: "hour_start", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    marketColumn("hour_start", { list: true, sortable: true }),
    marketColumn("distribution_region_code", { list: true }),
    marketColumn("subscriber_group_code", { list: true }),
    field("meter_reading_type", "Okuma tipi", "Reading type", "enum", {
      list: true,
      filterable: true,
      options: ["single_time", "three_time"],
    }),
    field("multiplier", "Katsayı", "Multiplier", "decimal", {
      list: true,
      fractionDigits: 10,
    }),
    source,
  ],
};

const eligibleConsumerLimits: ResourceDescription = {
  name: "eligible_consumer_limits",
  route: "/eligible-consumer-limits",
  label: { tr: "Serbest tüketici limitleri", en: "Eligible consumer limits" },
  singular: { tr: "Serbest tüketici limiti", en: "Eligible consumer limit" },
  group: "market",
  idField: "year",
  titleField: "year",
  defaultSort: { field: "year", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("year", "Yıl", "Year", "integer", { list: true, sortable: true }),
    field(
      "limit_kwh_per_year",
      "Limit (kWh/yıl)",
      "Limit (kWh/year)",
      "decimal",
      {
        list: true,
        fractionDigits: 0,
      },
    ),
    source,
    isDemo,
  ],
};

const lastResortParameters: ResourceDescription = {
  name: "last_resort_tariff_parameters",
  route: "/last-resort-tariff-parameters",
  label: { tr: "Son kaynak tarifesi", en: "Last-resort tariff" },
  singular: { tr: "Son kaynak parametresi", en: "Last-resort parameter" },
  group: "market",
  idField: "valid_from",
  titleField: "valid_from",
  defaultSort: { field: "valid_from", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    marketColumn("valid_from", { list: true, sortable: true }),
    field("coefficient", "Katsayı", "Coefficient", "decimal", {
      list: true,
      fractionDigits: 4,
    }),
    field(
      "threshold_kwh_per_year",
      "Eşik (kWh/yıl)",
      "Threshold (kWh/year)",
      "decimal",
      { list: true, fractionDigits: 0 },
    ),
    source,
    isDemo,
  ],
};

const forwardPriceExpectations: ResourceDescription = {
  name: "forward_price_expectations",
  route: "/forward-price-expectations",
  label: { tr: "PTF beklentileri", en: "Forward price expectations" },
  singular: { tr: "PTF beklentisi", en: "Forward price expectation" },
  group: "market",
  idField: "period_month",
  titleField: "period_month",
  defaultSort: { field: "period_month", order: "asc" },
  access: { list: ALL_STAFF, create: MANAGERS, edit: MANAGERS },
  fields: [
    field("period_month", "Ay (ayın ilk günü)", "Month (first day)", "date", {
      list: true,
      sortable: true,
      required: true,
      createOnly: true,
    }),
    field(
      "expected_ptf_try_per_mwh",
      "Beklenen PTF (TL/MWh)",
      "Expected PTF (TL/MWh)",
      "money",
      { list: true, sortable: true, required: true },
    ),
    field("note", "Not", "Note", "longtext", { list: true, systemNote: true }),
    source,
    field("entered_at", "Giriş zamanı", "Entered at", "datetime", {
      readOnly: true,
      list: true,
    }),
    isDemo,
  ],
};

const priceRules: ResourceDescription = {
  name: "price_rules",
  route: "/price-rules",
  label: { tr: "Fiyat kuralları", en: "Price rules" },
  singular: { tr: "Fiyat kuralı", en: "Price rule" },
  group: "market",
  idField: "price_rule_id",
  titleField: "rule_kind",
  defaultSort: { field: "valid_from", order: "desc" },
  access: { list: ALL_STAFF, create: MANAGERS, edit: MANAGERS },
  fields: [
    field("rule_kind", "Kural", "Rule", "enum", {
      list: true,
      filterable: true,
      required: true,
      options: [
        "minimum_unit_price",
        "minimum_discount",
        "minimum_discount_night_share",
        "maximum_discount_without_approval",
        "minimum_margin",
      ],
    }),
    marketColumn("subscriber_group_code", { list: true }),
    field("limit_value", "Sınır değer", "Limit", "decimal", {
      list: true,
      required: true,
      fractionDigits: 6,
    }),
    field(
      "min_night_share_pct",
      "En az gece payı (%)",
      "Minimum night share (%)",
      "decimal",
      { fractionDigits: 3 },
    ),
    marketColumn("valid_from", { list: true, sortable: true }),
    marketColumn("valid_to", { list: true }),
    field("is_active", "Etkin", "Active", "boolean", {
      list: true,
      filterable: true,
    }),
    field("note", "Not", "Note", "longtext"),
  ],
};

const jobRuns: ResourceDescription = {
  name: "job_runs",
  route: "/job-runs",
  label: { tr: "İş çalıştırmaları", en: "Job runs" },
  singular: { tr: "İş çalıştırması", en: "Job run" },
  group: "organisation",
  idField: "job_run_id",
  titleField: "display_name",
  search: { field: "display_name", folded: false },
  defaultSort: { field: "started_at", order: "desc" },
  access: { list: OPERATIONS },
  refreshIntervalMs: 2000,
  fields: [
    // The job name without the upload id of an uploaded file's run.
    field("display_name", "İş", "Job", "text", {
      list: true,
      sortable: true,
    }),
    field("status", "Durum", "Status", "enum", {
      list: true,
      filterable: true,
      options: ["running", "succeeded", "failed", "timed_out", "skipped"],
    }),
    field("progress_done", "İlerleme", "Progress", "progress", { list: true }),
    field("trigger_kind", "Tetikleyen", "Trigger", "enum", {
      list: true,
      filterable: true,
      options: ["schedule", "manual", "run_now"],
    }),
    field("triggered_by_staff_id", "Başlatan", "Started by", "reference", {
      list: true,
      reference: staffRef(),
    }),
    field("started_at", "Başlangıç", "Started", "datetime", {
      list: true,
      sortable: true,
    }),
    field("finished_at", "Bitiş", "Finished", "datetime", { list: true }),
    field("job_name", "İş adı", "Job name"),
    field("function_name", "Fonksiyon", "Function"),
    field("counts", "Sayımlar", "Counts", "json"),
    field("error", "Hata", "Error", "longtext"),
    field("http_status", "HTTP durumu", "HTTP status", "integer"),
  ],
};

const scheduledJobs: ResourceDescription = {
  name: "scheduled_jobs",
  route: "/scheduled-jobs",
  label: { tr: "Zamanlanmış işler", en: "Scheduled jobs" },
  singular: { tr: "Zamanlanmış iş", en: "Scheduled job" },
  group: "organisation",
  idField: "name",
  titleField: "name",
  defaultSort: { field: "name", order: "asc" },
  access: { list: OPERATIONS, edit: ADMINS },
  fields: [
    field("name", "Ad", "Name", "text", {
      list: true,
      sortable: true,
      readOnly: true,
    }),
    // The stack's scheduler and the pg_cron dispatcher on Supabase both
    // read the expression in Istanbul time.
    field(
      "cron_expression",
      "Cron ifadesi (İstanbul saati)",
      "Cron expression (Istanbul time)",
      "text",
      { list: true, required: true },
    ),
    field("function_name", "Fonksiyon", "Function", "text", {
      list: true,
      readOnly: true,
    }),
    field("enabled", "Etkin", "Enabled", "boolean", {
      list: true,
      filterable: true,
    }),
    field("catch_up", "Kaçırılanı çalıştır", "Catch up", "boolean", {
      list: true,
    }),
    field("timeout", "Zaman aşımı", "Timeout", "interval", {
      list: true,
      intervalUnit: "seconds",
    }),
    updatedAt,
  ],
  related: [
    {
      resource: "job_runs",
      foreignKey: "job_name",
      label: { tr: "Çalıştırmalar", en: "Runs" },
    },
  ],
};

const auditEvents: ResourceDescription = {
  name: "audit_events",
  route: "/audit-events",
  label: { tr: "Denetim kaydı", en: "Audit trail" },
  singular: { tr: "Denetim kaydı", en: "Audit event" },
  group: "organisation",
  titleField: "id",
  search: { field: "record_id", folded: false },
  defaultSort: { field: "occurred_at", order: "desc" },
  access: { list: MANAGERS },
  fields: [
    field("occurred_at", "Zaman", "Occurred at", "datetime", {
      list: true,
      sortable: true,
    }),
    field("table_name", "Tablo", "Table", "text", {
      list: true,
      sortable: true,
    }),
    field("operation", "İşlem", "Operation", "enum", {
      list: true,
      filterable: true,
      options: ["insert", "update", "delete"],
    }),
    field("record_id", "Kayıt", "Record", "text", { list: true }),
    field("actor_role", "Rol", "Role", "text", { list: true }),
    field("actor_user_id", "Kullanıcı", "User"),
    field("old_data", "Önceki değer", "Old data", "json"),
    field("new_data", "Yeni değer", "New data", "json"),
  ],
};

const organisationSettings: ResourceDescription = {
  name: "organisation_settings",
  route: "/organisation-settings",
  label: { tr: "Şirket ayarları", en: "Organisation settings" },
  singular: { tr: "Şirket ayarları", en: "Organisation settings" },
  group: "organisation",
  titleField: "trade_name",
  defaultSort: { field: "trade_name", order: "asc" },
  access: { list: ALL_STAFF, edit: ADMINS },
  fields: [
    field("trade_name", "Ticari ad", "Trade name", "text", {
      list: true,
      required: true,
    }),
    field("legal_name", "Ticari unvan", "Legal name", "text", {
      list: true,
      required: true,
    }),
    field("vkn", "VKN", "Tax number (VKN)", "text", {
      list: true,
      required: true,
      format: "vkn",
    }),
    field("tax_office", "Vergi dairesi", "Tax office", "text", {
      required: true,
    }),
    field("mersis_number", "MERSİS no", "MERSIS number"),
    field("address", "Adres", "Address", "longtext"),
    field("phone", "Telefon", "Phone", "text", { format: "phone" }),
    field("email", "E-posta", "Email", "text", { list: true, format: "email" }),
    field("iban", "IBAN", "IBAN"),
    field("email_sender_name", "Gönderen adı", "Sender name", "text", {
      required: true,
    }),
    field("email_sender_address", "Gönderen adresi", "Sender address", "text", {
      required: true,
      format: "email",
    }),
    field(
      "portal_url",
      "Portal adresi (e-postalardaki bağlantı)",
      "Portal address (link in e-mails)",
      "text",
    ),
    field(
      "payment_term_days",
      "Ödeme vadesi (gün)",
      "Payment term (days)",
      "integer",
      {
        required: true,
      },
    ),
    field(
      "epias_participant_code",
      "EPİAŞ katılımcı kodu",
      "EPİAŞ participant code",
    ),
    updatedAt,
  ],
};

// The sales chain. Offers change only through the offer RPCs, so their
// screens are read-only here; decisions go through the approvals inbox.
const offerStates = [
  "draft",
  "awaiting_approval",
  "approved",
  "sent",
  "accepted",
  "rejected",
  "expired",
  "contracted",
] as const;

// The offer show page draws the state history with the approvers' notes
// itself, so state changes are not one of its related lists.
const offers: ResourceDescription = {
  name: "offers",
  route: "/offers",
  label: { tr: "Teklifler", en: "Offers" },
  singular: { tr: "Teklif", en: "Offer" },
  group: "sales",
  titleField: "offer_number",
  search: { field: "offer_number", folded: false },
  defaultSort: { field: "created_at", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("offer_number", "Teklif no", "Offer number", "text", {
      list: true,
      sortable: true,
    }),
    field("party_id", "Firma / kişi", "Party", "reference", {
      reference: partyRef,
      list: true,
      sortable: true,
    }),
    field("state", "Durum", "State", "enum", {
      list: true,
      filterable: true,
      sortable: true,
      options: offerStates,
    }),
    field("dealer_id", "Bayi", "Dealer", "reference", {
      reference: dealerRef(),
      list: true,
    }),
    field("owner_staff_id", "Sorumlu personel", "Owner (staff)", "reference", {
      reference: staffRef(),
      list: true,
    }),
    field("valid_until", "Geçerlilik", "Valid until", "date", {
      list: true,
      sortable: true,
    }),
    field("current_revision_no", "Revizyon", "Revision", "integer", {
      list: true,
    }),
    field("customer_code", "Müşteri kodu", "Customer code"),
    field("sent_at", "Gönderilme", "Sent at", "datetime"),
    createdAt,
    updatedAt,
  ],
  related: [
    {
      resource: "offer_approvals",
      foreignKey: "offer_id",
      label: { tr: "Onaylar", en: "Approvals" },
    },
    {
      resource: "contracts",
      foreignKey: "offer_id",
      label: { tr: "Sözleşme", en: "Contract" },
    },
  ],
};

const offerApprovals: ResourceDescription = {
  name: "offer_approvals",
  route: "/offer-approvals",
  label: { tr: "Teklif onayları", en: "Offer approvals" },
  singular: { tr: "Teklif onayı", en: "Offer approval" },
  group: "sales",
  titleField: "requested_at",
  defaultSort: { field: "requested_at", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("offer_id", "Teklif", "Offer", "reference", {
      reference: { resource: "offers", labelField: "offer_number" },
      list: true,
    }),
    field("requested_at", "İstenme", "Requested at", "datetime", {
      list: true,
      sortable: true,
    }),
    field("decision", "Karar", "Decision", "enum", {
      list: true,
      filterable: true,
      options: ["approved", "rejected", "sent_back"],
    }),
    field("decided_at", "Karar zamanı", "Decided at", "datetime", {
      list: true,
    }),
    field("note", "Not", "Note", "longtext", { list: true, systemNote: true }),
    field("violations", "Kural ihlalleri", "Rule violations", "json"),
  ],
};

const offerStateChanges: ResourceDescription = {
  name: "offer_state_changes",
  route: "/offer-state-changes",
  label: { tr: "Teklif durum geçmişi", en: "Offer state history" },
  singular: { tr: "Durum değişikliği", en: "State change" },
  group: "sales",
  titleField: "to_state",
  defaultSort: { field: "changed_at", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("offer_id", "Teklif", "Offer", "reference", {
      reference: { resource: "offers", labelField: "offer_number" },
      list: true,
    }),
    field("changed_at", "Zaman", "Changed at", "datetime", {
      list: true,
      sortable: true,
    }),
    field("from_state", "Önceki durum", "From", "enum", {
      list: true,
      options: offerStates,
    }),
    field("to_state", "Yeni durum", "To", "enum", {
      list: true,
      filterable: true,
      options: offerStates,
    }),
    field("note", "Not", "Note", "longtext", { list: true, systemNote: true }),
  ],
};

const contracts: ResourceDescription = {
  name: "contracts",
  route: "/contracts",
  label: { tr: "Sözleşmeler", en: "Contracts" },
  singular: { tr: "Sözleşme", en: "Contract" },
  group: "sales",
  titleField: "contract_number",
  search: { field: "contract_number", folded: false },
  defaultSort: { field: "created_at", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("contract_number", "Sözleşme no", "Contract number", "text", {
      list: true,
      sortable: true,
    }),
    field("party_id", "Firma / kişi", "Party", "reference", {
      reference: partyRef,
      list: true,
      sortable: true,
    }),
    field("offer_id", "Teklif", "Offer", "reference", {
      reference: { resource: "offers", labelField: "offer_number" },
      list: true,
    }),
    field("state", "Durum", "State", "enum", {
      list: true,
      filterable: true,
      options: [
        "awaiting_signature",
        "signed",
        "active",
        "ended",
        "terminated",
      ],
    }),
    field("sales_strategy", "Satış stratejisi", "Sales strategy", "enum", {
      list: true,
      options: ["indirimli", "sabit_fiyat", "ptf_endeksli"],
    }),
    field("start_date", "Başlangıç", "Start", "date", {
      list: true,
      sortable: true,
    }),
    field("end_date", "Bitiş", "End", "date", { list: true }),
    field("contract_value_try", "Sözleşme bedeli", "Contract value", "money", {
      list: true,
      sortable: true,
    }),
    field("stamp_tax_try", "Damga vergisi", "Stamp tax", "money"),
    field(
      "payment_term_days",
      "Ödeme vadesi (gün)",
      "Payment term (days)",
      "integer",
    ),
    field("template_code", "Şablon", "Template"),
    field("price_terms", "Fiyat koşulları", "Price terms", "price_terms"),
    createdAt,
  ],
  related: [
    {
      resource: "registration_requests",
      foreignKey: "contract_id",
      label: { tr: "Kayıt talepleri", en: "Registration requests" },
    },
  ],
};

const registrationBatches: ResourceDescription = {
  name: "registration_batches",
  route: "/registration-batches",
  label: { tr: "Kayıt dönemleri", en: "Registration batches" },
  singular: { tr: "Kayıt dönemi", en: "Registration batch" },
  group: "customers",
  titleField: "period_month",
  defaultSort: { field: "period_month", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("period_month", "Dönem", "Period", "date", {
      list: true,
      sortable: true,
    }),
    field("deadline_on", "Son gün", "Deadline", "date", { list: true }),
    field("state", "Durum", "State", "enum", {
      list: true,
      filterable: true,
      options: ["open", "submitted", "closed"],
    }),
    field("submitted_at", "Gönderilme", "Submitted at", "datetime", {
      list: true,
    }),
    field("external_reference", "Dış referans", "External reference"),
  ],
  related: [
    {
      resource: "registration_requests",
      foreignKey: "registration_batch_id",
      label: { tr: "Kayıt talepleri", en: "Registration requests" },
    },
  ],
};

const registrationRequests: ResourceDescription = {
  name: "registration_requests",
  route: "/registration-requests",
  label: { tr: "Kayıt talepleri", en: "Registration requests" },
  singular: { tr: "Kayıt talebi", en: "Registration request" },
  group: "customers",
  titleField: "id",
  defaultSort: { field: "created_at", order: "desc" },
  access: { list: ALL_STAFF },
  fields: [
    field("metering_point_id", "Sayaç", "Metering point", "reference", {
      reference: { resource: "metering_points", labelField: "code" },
      list: true,
    }),
    field("contract_id", "Sözleşme", "Contract", "reference", {
      reference: { resource: "contracts", labelField: "contract_number" },
      list: true,
    }),
    field("registration_batch_id", "Kayıt dönemi", "Batch", "reference", {
      reference: {
        resource: "registration_batches",
        labelField: "period_month",
      },
    }),
    field("state", "Durum", "State", "enum", {
      list: true,
      filterable: true,
      options: [
        "requested",
        "submitted",
        "approved",
        "rejected",
        "in_portfolio",
      ],
    }),
    field("effective_on", "Geçerlilik", "Effective on", "date", {
      list: true,
      sortable: true,
    }),
    field("rejection_reason", "Ret nedeni", "Rejection reason", "longtext", {
      list: true,
    }),
    createdAt,
  ],
};

export const RESOURCES: readonly ResourceDescription[] = [
  offers,
  offerApprovals,
  offerStateChanges,
  contracts,
  registrationBatches,
  registrationRequests,
  parties,
  partyContacts,
  meteringPoints,
  meterGroups,
  meetings,
  actions,
  salesTargets,
  dealers,
  dealerContacts,
  staff,
  hourlyPrices("ptf_hourly_prices", "/ptf-hourly-prices", {
    tr: "PTF (saatlik)",
    en: "PTF (hourly)",
  }),
  hourlyPrices("smf_hourly_prices", "/smf-hourly-prices", {
    tr: "SMF (saatlik)",
    en: "SMF (hourly)",
  }),
  yekdemUnitCosts,
  regulatedTariffRates,
  taxRates,
  profileCoefficients,
  eligibleConsumerLimits,
  lastResortParameters,
  forwardPriceExpectations,
  priceRules,
  jobRuns,
  scheduledJobs,
  auditEvents,
  organisationSettings,
];

export function findResource(name: string): ResourceDescription | undefined {
  return RESOURCES.find((resource) => resource.name === name);
}
