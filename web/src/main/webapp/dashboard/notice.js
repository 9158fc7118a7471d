// What the page says when an organization's data changed: after a refresh's publish, the plan's
// notice "Data has been refreshed with the latest information" with the figures that moved and
// "Refresh Now"; after other systems wrote source data, a quiet line saying when figures follow.

import { el, replace } from "./elements.js";
import { figureLabel, formatFigureValue } from "./figures.js";
import { formatChange } from "./format.js";

const REFRESH_REASONS = new Set(["nightly_refresh", "manual"]);

/** True for an event that is a refresh's publish (not a bare invalidation). */
export function isRefreshPublish(event) {
  return REFRESH_REASONS.has(event?.reason) && Boolean(event?.refreshedAt);
}

function changeItem(change) {
  const ratio = typeof change.changeRatio === "number" ? ` (${formatChange(change.changeRatio)})` : "";
  return el(
    "li",
    { "data-change-figure": change.figure },
    el("span", { class: "change-label" }, figureLabel(change.figure)),
    ": ",
    formatFigureValue(change.figure, change.previous),
    " \u2192 ",
    formatFigureValue(change.figure, change.current),
    ratio,
  );
}

/**
 * The #refresh-notice element's behaviour. onRefreshNow() returns a promise (the refetch); the
 * notice hides once it settles. onProblem(problem) hears a failed refetch.
 */
export function createRefreshNotice(element, { onRefreshNow, onProblem }) {
  const message = el("p", { class: "notice-message" }, "Data has been refreshed with the latest information");
  const changes = el("ul", { class: "notice-changes" });
  const refreshNow = el("button", { type: "button", id: "refresh-now", class: "primary" }, "Refresh Now");
  const dismiss = el("button", { type: "button", class: "quiet", "aria-label": "Dismiss the notice" }, "Dismiss");
  replace(element, message, changes, el("div", { class: "notice-actions" }, refreshNow, dismiss));
  element.hidden = true;

  function hide() {
    const hadFocus = element.contains(document.activeElement);
    element.hidden = true;
    // Focus must not vanish with the button: back to the start of the content.
    if (hadFocus) document.getElementById("main")?.focus();
  }

  refreshNow.addEventListener("click", async () => {
    refreshNow.disabled = true;
    try {
      await onRefreshNow();
    } catch (error) {
      onProblem?.(error);
    } finally {
      refreshNow.disabled = false;
      hide();
    }
  });
  dismiss.addEventListener("click", hide);

  return {
    /** Shows the notice for a refresh's cache_invalidation event. */
    show(event) {
      const significant = Array.isArray(event.significantChanges) ? event.significantChanges : [];
      replace(
        changes,
        significant.length === 0
          ? el("li", { class: "no-changes" }, "No key figure moved by more than the threshold.")
          : significant.map(changeItem),
      );
      element.dataset.version = String(event.version ?? "");
      element.hidden = false;
    },
    hide,
  };
}

/** The quiet line about new source data (data_change events): `next` is e.g. "02:00 Europe/Copenhagen". */
export function createSourceNote(element) {
  element.hidden = true;
  return {
    show(next) {
      element.textContent = `New source data arrived; figures update at the next refresh (${next}).`;
      element.hidden = false;
    },
    hide() {
      element.hidden = true;
    },
  };
}
