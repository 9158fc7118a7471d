// The live / reconnecting indicator, from the source's connection reports.

const TEXT = {
  open: "Live",
  connecting: "Connecting\u2026",
  reconnecting: "Reconnecting\u2026",
  closed: "Offline",
};

/** {update({state, role})} over the #connection element. */
export function createConnectionIndicator(element) {
  let wasOpen = false;
  element.dataset.state = "connecting";
  element.textContent = TEXT.connecting;
  return {
    update(connection) {
      const state = connection?.state;
      let shown = state in TEXT ? state : "connecting";
      // After a live socket, any other state means the source is getting it back.
      if (state === "open") wasOpen = true;
      else if (wasOpen) shown = "reconnecting";
      element.dataset.state = shown;
      element.textContent = TEXT[shown];
      element.title =
        shown === "open"
          ? "Changes arrive as they happen"
          : "Changes are not arriving right now; the figures shown may be older";
    },
  };
}
