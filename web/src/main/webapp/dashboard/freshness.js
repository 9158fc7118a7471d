// "Updated 3 h ago · next update 02:00 Europe/Copenhagen" and "Version N", from the
// dashboard-metrics document shown. The relative time ticks each minute; the next update is
// written in the zone the refresh is scheduled in (the refresh status says which).

import { formatNextUpdate, formatRelative } from "./format.js";

const MINUTE = 60_000;

/** {show(document), setZone(zone), nextUpdate() → text, dispose()} */
export function createFreshness(freshnessElement, versionElement, { now = () => Date.now() } = {}) {
  let shown = null;
  let zone = null;
  let fallbackNext = null;

  function nextUpdate() {
    const next = shown?.nextRefreshAt ?? fallbackNext;
    return next ? formatNextUpdate(next, zone, now()) : "at the next scheduled refresh";
  }

  function render() {
    if (!shown) {
      freshnessElement.textContent = "Loading figures\u2026";
      return;
    }
    const updated = shown.refreshedAt ? `Updated ${formatRelative(shown.refreshedAt, now())}` : "Not refreshed yet";
    const next = shown.nextRefreshAt ? ` \u00b7 next update ${nextUpdate()}` : "";
    freshnessElement.textContent = updated + next;
    if (shown.refreshedAt) freshnessElement.dataset.refreshedAt = shown.refreshedAt;
    else delete freshnessElement.dataset.refreshedAt;
  }

  // Tick on the minute rather than every 60 s from an arbitrary start, so "3 min ago" changes
  // when it should.
  let timer = null;
  const schedule = () => {
    timer = setTimeout(() => {
      render();
      schedule();
    }, MINUTE - (now() % MINUTE) + 50);
  };
  schedule();

  return {
    show(document) {
      shown = document ?? null;
      if (shown && typeof shown.version === "number") {
        versionElement.textContent = `Version ${shown.version}`;
        versionElement.dataset.version = String(shown.version);
      }
      render();
    },
    setZone(value, nextScheduled) {
      zone = value || null;
      fallbackNext = nextScheduled ?? fallbackNext;
      render();
    },
    clear() {
      shown = null;
      versionElement.textContent = "";
      delete versionElement.dataset.version;
      render();
    },
    nextUpdate,
    dispose() {
      clearTimeout(timer);
    },
  };
}
