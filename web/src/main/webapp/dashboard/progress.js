// The #refresh-progress line, fed by the source's refresh_status messages. A viewer hears only
// about its own organization ("Updating your figures…"); an admin also sees the run's progress
// over all organizations. The element stays in the page while empty, so that screen readers
// announce it when text appears (a live region added or unhidden with its text often is not).

import { el, replace } from "./elements.js";

const STATES = new Set(["idle", "updating", "completed", "error"]);

function viewerText(status) {
  if (status.state === "updating") {
    if (status.organizationState === "done") return "Your figures have been updated.";
    if (status.organizationState === "failed") return "Updating your figures failed; the figures shown stay as they were.";
    return "Updating your figures\u2026";
  }
  if (status.state === "error" && status.organizationState === "failed") {
    return "The last refresh of your figures failed; the figures shown are from the refresh before.";
  }
  return "";
}

function adminContent(status) {
  const done = Number(status.organizationsDone);
  const total = Number(status.organizationsTotal);
  const counted = Number.isFinite(done) && Number.isFinite(total) && total > 0;
  if (status.state === "updating") {
    return [
      el("span", null, counted ? `Refreshing organizations: ${done} of ${total}` : "Refreshing organizations\u2026"),
      counted
        ? el("progress", { max: total, value: done, "aria-label": "Organizations refreshed" }, `${done} of ${total}`)
        : el("progress", { "aria-label": "Organizations refreshed" }),
      status.organizationState === "pending" ? el("span", null, "This organization is still to come.") : null,
      status.organizationState === "done" ? el("span", null, "This organization is done.") : null,
      status.organizationState === "failed" ? el("span", null, "This organization failed; its figures stay as they were.") : null,
    ];
  }
  if (status.state === "error") {
    return [el("span", null, counted ? `The last refresh run failed (${done} of ${total} organizations done).` : "The last refresh run failed.")];
  }
  return [];
}

/** {update(status)} over the #refresh-progress element. */
export function createRefreshProgress(element, { admin }) {
  element.dataset.state = "idle";
  return {
    update(status) {
      const state = STATES.has(status?.state) ? status.state : "idle";
      element.dataset.state = state;
      if (status?.organizationState) element.dataset.organizationState = status.organizationState;
      if (admin) replace(element, adminContent({ ...status, state }));
      else {
        const text = viewerText({ ...status, state });
        replace(element, text ? el("span", null, text) : null);
      }
    },
  };
}
