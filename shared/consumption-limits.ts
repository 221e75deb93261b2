// Limits on the consumption typed into the offer forms of the admin and
// the portal.

// The largest monthly consumption a kWh field takes, per time zone or, for
// a single-time tariff, per month: 500 GWh, as a decimal string. A larger
// figure is taken for a typing error, which pricing would otherwise spread
// over every hour.
// NOTE: an estimate, well above one large industrial site's monthly use,
// not a market or tariff rule; raise it if a real customer needs more.
export const MAX_MONTHLY_KWH = "500000000";
