// Formatting of figures, dates and times. The page is in English; the locale is fixed so that a
// figure reads the same on every buyer's machine (and in tests). Amounts carry no currency:
// the API gives none, and an organization's locations may be in more than one country.

const LOCALE = "en-GB";
const DASH = "—";

const money = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 });
// en-US for the capital K and M: en-GB writes "1.5m", easily read as minutes or metres.
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** 4864976.68 → "4,864,976.68". */
export function formatMoney(value) {
  return isNumber(value) ? money.format(value) : DASH;
}

/** A count: 630 → "630", 12345 → "12,345". */
export function formatCount(value) {
  return isNumber(value) ? whole.format(value) : DASH;
}

/** A quantity with up to three decimals: 4.469 → "4.469". */
export function formatQuantity(value) {
  return isNumber(value) ? decimal.format(value) : DASH;
}

/** An axis label: 120000 → "120K", 1500000 → "1.5M". */
export function formatCompact(value) {
  return isNumber(value) ? compact.format(value) : DASH;
}

/** A share of a whole: 0.207957 → "20.8 %". */
export function formatShare(ratio) {
  return isNumber(ratio) ? `${percent.format(ratio * 100)} %` : DASH;
}

/** A change: 0.0958 → "+9.6 %", -0.2533 → "−25.3 %" (a real minus sign). */
export function formatChange(ratio) {
  if (!isNumber(ratio)) return DASH;
  const text = percent.format(Math.abs(ratio) * 100);
  if (text === percent.format(0)) return `${text} %`;
  return `${ratio > 0 ? "+" : "\u2212"}${text} %`;
}

/** The change from previous to current as a ratio, null when there is nothing to compare with. */
export function changeRatio(previous, current) {
  if (!isNumber(previous) || !isNumber(current) || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

function toMillis(time) {
  if (time === null || time === undefined) return NaN;
  return time instanceof Date ? time.getTime() : new Date(time).getTime();
}

/** How long ago: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatRelative(time, now = Date.now()) {
  const then = toMillis(time);
  if (Number.isNaN(then)) return DASH;
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/**
 * When the next update runs, in the zone the refresh is scheduled in: "02:00 Europe/Copenhagen";
 * with the day in front when it is more than a day away ("Wed 3 Dec 02:00 Europe/Copenhagen").
 */
export function formatNextUpdate(time, zone, now = Date.now()) {
  const at = toMillis(time);
  if (Number.isNaN(at)) return DASH;
  const timeZone = zone || undefined;
  const clock = new Intl.DateTimeFormat(LOCALE, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(at);
  const shownZone = zone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (at - now <= 24 * 3_600_000) return `${clock} ${shownZone}`;
  const day = new Intl.DateTimeFormat(LOCALE, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone,
  }).format(at);
  return `${day.replace(",", "")} ${clock} ${shownZone}`;
}

/** A calendar date of the API ("2026-11-21") as "21 Nov 2026". */
export function formatDate(isoDate) {
  if (typeof isoDate !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(isoDate)) return DASH;
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALE, {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(Date.UTC(year, month - 1, day));
}

/** The month of a COGS row ("2025-11-01") as "Nov 2025", or short as "Nov 25". */
export function formatMonth(isoDate, { short = false } = {}) {
  if (typeof isoDate !== "string" || !/^\d{4}-\d{2}/.test(isoDate)) return DASH;
  const [year, month] = isoDate.split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALE, {
    month: "short",
    year: short ? "2-digit" : "numeric",
    timeZone: "UTC",
  }).format(Date.UTC(year, month - 1, 1));
}
