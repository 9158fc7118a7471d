// The #problem area: what failed, in the server's words (a problem document's title and detail).
// Several things can fail at once (one per query); the area shows the latest still unresolved.

import { el, replace } from "./elements.js";

/** {report(key, problem), clear(key)} over the #problem element. */
export function createProblemArea(element, { onSignInAgain } = {}) {
  const open = new Map();

  function render() {
    const problems = [...open.values()];
    const latest = problems[problems.length - 1];
    if (!latest) {
      element.hidden = true;
      element.removeAttribute("data-status");
      replace(element);
      return;
    }
    element.hidden = false;
    element.dataset.status = String(latest.status ?? "");
    const needsSignIn = latest.status === 401 && typeof onSignInAgain === "function";
    replace(
      element,
      el("strong", { class: "problem-title" }, latest.title || "Something went wrong"),
      latest.detail ? el("span", { class: "problem-detail" }, ` ${latest.detail}`) : null,
      problems.length > 1 ? el("span", { class: "problem-more" }, ` (and ${problems.length - 1} more)`) : null,
      needsSignIn ? el("button", { type: "button", onclick: onSignInAgain }, "Sign in again") : null,
    );
  }

  return {
    report(key, problem) {
      open.delete(key);
      open.set(key, {
        status: problem?.status,
        title: problem?.title ?? (problem instanceof Error ? problem.message : String(problem ?? "")),
        detail: problem?.detail ?? null,
      });
      render();
    },
    clear(key) {
      if (open.delete(key)) render();
    },
    clearAll() {
      open.clear();
      render();
    },
  };
}
