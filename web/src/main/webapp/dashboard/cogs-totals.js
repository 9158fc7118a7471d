// Sums of the cogs-analysis rows (one per month, category and location) for the chart and the
// tables. Amounts are summed in cents so that the totals match the API's two-decimal figures.

function cents(value) {
  return typeof value === "number" && Number.isFinite(value) ? Math.round(value * 100) : 0;
}

function sortedKeys(map, order) {
  return [...map.keys()].sort(order);
}

/**
 * {months, categories, cells, monthTotals, categoryTotals, total}: months ascending ("2025-11-01"),
 * categories by total spend descending (then by name), cells.get(month).get(category) = spend.
 */
export function cogsByMonthAndCategory(rows) {
  const cells = new Map();
  const categoryCents = new Map();
  for (const row of rows ?? []) {
    if (!row || typeof row.month !== "string") continue;
    const category = row.category ?? "uncategorised";
    const byCategory = cells.get(row.month) ?? new Map();
    cells.set(row.month, byCategory);
    byCategory.set(category, (byCategory.get(category) ?? 0) + cents(row.spend));
    categoryCents.set(category, (categoryCents.get(category) ?? 0) + cents(row.spend));
  }
  const months = sortedKeys(cells, (a, b) => a.localeCompare(b));
  const categories = sortedKeys(
    categoryCents,
    (a, b) => categoryCents.get(b) - categoryCents.get(a) || a.localeCompare(b),
  );
  const inUnits = new Map(
    months.map((month) => [
      month,
      new Map([...cells.get(month)].map(([category, value]) => [category, value / 100])),
    ]),
  );
  const monthTotals = new Map(
    months.map((month) => [month, [...cells.get(month).values()].reduce((a, b) => a + b, 0) / 100]),
  );
  const categoryTotals = new Map(categories.map((c) => [c, categoryCents.get(c) / 100]));
  const total = [...categoryCents.values()].reduce((a, b) => a + b, 0) / 100;
  return { months, categories, cells: inUnits, monthTotals, categoryTotals, total };
}

/**
 * One entry per location, by spend descending: {locationId, locationName, spend, lineCount,
 * share, byCategory: Map category → spend}.
 */
export function cogsByLocation(rows) {
  const locations = new Map();
  let allCents = 0;
  for (const row of rows ?? []) {
    if (!row) continue;
    const id = row.locationId ?? row.locationName ?? "unknown";
    const entry = locations.get(id) ?? {
      locationId: row.locationId ?? null,
      locationName: row.locationName ?? "Unknown location",
      cents: 0,
      lineCount: 0,
      categoryCents: new Map(),
    };
    locations.set(id, entry);
    const amount = cents(row.spend);
    entry.cents += amount;
    allCents += amount;
    entry.lineCount += typeof row.lineCount === "number" ? row.lineCount : 0;
    const category = row.category ?? "uncategorised";
    entry.categoryCents.set(category, (entry.categoryCents.get(category) ?? 0) + amount);
  }
  return [...locations.values()]
    .sort((a, b) => b.cents - a.cents || a.locationName.localeCompare(b.locationName))
    .map((entry) => ({
      locationId: entry.locationId,
      locationName: entry.locationName,
      spend: entry.cents / 100,
      lineCount: entry.lineCount,
      share: allCents === 0 ? 0 : entry.cents / allCents,
      byCategory: new Map([...entry.categoryCents].map(([c, v]) => [c, v / 100])),
    }));
}

/** A round upper bound and step for a value axis: niceScale(423600) → {max: 500000, step: 100000}. */
export function niceScale(maximum, ticks = 5) {
  if (!(maximum > 0)) return { max: 1, step: 1 };
  const rough = maximum / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough);
  return { max: Math.ceil(maximum / step) * step, step };
}
