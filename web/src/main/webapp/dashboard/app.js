// The dashboard: the page's frame, which organization is shown, which view, and what the change
// stream says about it. Every figure comes from `source` (the client, or anything with the same
// calls), so the same page runs over another source unchanged; identity comes from the token.

import { createApi } from "./api.js";
import { createConnectionIndicator } from "./connection.js";
import { el, replace } from "./elements.js";
import { changeMarkers, formatFigureValue } from "./figures.js";
import { formatChange } from "./format.js";
import { createFreshness } from "./freshness.js";
import { readIdentity } from "./identity.js";
import { createRefreshNotice, createSourceNote, isRefreshPublish } from "./notice.js";
import { createProblemArea } from "./problem.js";
import { createRefreshProgress } from "./progress.js";
import { cogsView } from "./views/cogs.js";
import { overviewView } from "./views/overview.js";
import { priceAlertsView } from "./views/price-alerts.js";
import { productsView } from "./views/products.js";
import { suppliersView } from "./views/suppliers.js";
import { documentOf, watch } from "./watch.js";
import { organizationPicker } from "./organization-picker.js";

const VIEWS = [overviewView, cogsView, suppliersView, productsView, priceAlertsView];
const VIEW_NAMES = new Set(VIEWS.map((view) => view.name));

function viewFromHash(hash) {
  const name = /^#\/([a-z-]+)$/.exec(hash ?? "")?.[1];
  return VIEW_NAMES.has(name) ? name : null;
}

function frame(admin) {
  const main = el("main", { id: "main", tabindex: "-1" });
  const parts = {
    name: el("h1", { id: "organization-name" }, "\u2026"),
    picker: admin ? el("select", { id: "organization-picker", name: "organization", disabled: true }) : null,
    connection: el("span", { id: "connection", class: "connection" }),
    signOut: el("button", { type: "button", id: "sign-out", class: "quiet" }, "Sign out"),
    links: VIEWS.map((view) => el("a", { href: `#/${view.name}`, "data-view": view.name }, view.label)),
    freshness: el("p", { id: "freshness" }),
    version: el("span", { id: "data-version", class: "version" }),
    progress: el("div", { id: "refresh-progress", role: "status", "aria-live": "polite", class: "progress" }),
    notice: el("div", { id: "refresh-notice", role: "alert", class: "notice", hidden: true }),
    sourceNote: el("p", { id: "source-note", class: "source-note", "aria-live": "polite", hidden: true }),
    problem: el("div", { id: "problem", role: "alert", class: "problem", hidden: true }),
    panels: new Map(VIEWS.map((view) => [view.name, el("section", { "data-view-panel": view.name, class: "view", hidden: true })])),
    main,
  };
  const skip = el("a", { href: "#main", class: "skip-link" }, "Skip to content");
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
  replace(
    main,
    el("div", { class: "status-bar" }, parts.freshness, parts.version),
    parts.progress,
    parts.problem,
    parts.notice,
    parts.sourceNote,
    [...parts.panels.values()],
  );
  const tools = el(
    "div",
    { class: "header-tools" },
    admin ? el("span", { class: "picker" }, el("label", { for: "organization-picker" }, "Organization"), parts.picker) : null,
    parts.connection,
    parts.signOut,
  );
  const brand = el("div", { class: "brand" }, el("span", { class: "product" }, "procurement-cache"), parts.name);
  const header = el("header", { class: "top-bar" }, brand, tools);
  const nav = el("nav", { "aria-label": "Views" }, el("ul", null, parts.links.map((link) => el("li", null, link))));
  return { nodes: [skip, header, nav, main], ...parts };
}

/**
 * Starts the dashboard in root. source: the client's calls the page uses (ready, tier, query,
 * follow, onRefreshStatus, onChange, onConnection, refetchActive). token: the bearer token (or a
 * function returning it). Returns {stop()}.
 */
export function startDashboard({ root, source, token, baseUrl, storage = globalThis.sessionStorage ?? null, onSignOut }) {
  const currentToken = () => (typeof token === "function" ? token() : token);
  const identity = readIdentity(currentToken());
  const admin = Boolean(identity?.admin);
  const ui = frame(admin);
  replace(root, ui.nodes);

  const api = createApi({ source, token, baseUrl });
  const signOut = () => {
    storage?.removeItem("procurement-cache.token");
    onSignOut?.();
  };
  ui.signOut.addEventListener("click", signOut);
  const problems = createProblemArea(ui.problem, { onSignInAgain: signOut });
  const freshness = createFreshness(ui.freshness, ui.version);
  const progress = createRefreshProgress(ui.progress, { admin });
  const sourceNote = createSourceNote(ui.sourceNote);
  const connection = createConnectionIndicator(ui.connection);
  const stops = [() => freshness.dispose()];
  if (typeof source.onConnection === "function") stops.push(source.onConnection((c) => connection.update(c)));

  let organizationId = null;
  let markers = new Map();
  let figuresShown = false;

  const notice = createRefreshNotice(ui.notice, {
    // The change already refetched what is on screen; what is still stale (a refetch that failed,
    // one still under way) is fetched now, the rest is not asked for again.
    onRefreshNow: () => source.refetchActive({ organizationId, onlyStale: true }),
    onProblem: (error) => problems.report("refresh-now", error),
  });

  function markFigures(container = root) {
    for (const node of container.querySelectorAll("[data-figure]")) {
      const marker = markers.get(node.dataset.figure);
      if (!marker) {
        node.removeAttribute("data-changed");
        node.removeAttribute("title");
        continue;
      }
      node.dataset.changed = marker.direction;
      node.title =
        `Changed in the last refresh: ${formatFigureValue(marker.figure, marker.previous)} \u2192 ` +
        `${formatFigureValue(marker.figure, marker.current)}` +
        (typeof marker.changeRatio === "number" ? ` (${formatChange(marker.changeRatio)})` : "");
    }
  }

  const context = () => ({
    source,
    organizationId,
    problems,
    markFigures,
    figuresShown() {
      if (figuresShown) return;
      figuresShown = true;
      performance.mark("figures-shown");
      document.documentElement.dataset.figures = "shown";
    },
  });

  // The view shown and its subscriptions.
  let activeView = viewFromHash(location.hash) ?? "overview";
  let unmountView = null;
  function showView(name) {
    activeView = name;
    for (const link of ui.links) {
      if (link.dataset.view === name) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    for (const [panelName, panel] of ui.panels) panel.hidden = panelName !== name;
    unmountView?.();
    unmountView = null;
    if (organizationId) unmountView = VIEWS.find((view) => view.name === name).mount(ui.panels.get(name), context());
  }
  const onHash = () => {
    const name = viewFromHash(location.hash);
    if (name && name !== activeView) showView(name);
  };
  window.addEventListener("hashchange", onHash);
  stops.push(() => window.removeEventListener("hashchange", onHash));

  // The organization shown and what follows it.
  let organizationStops = [];
  function onChange(event) {
    if (isRefreshPublish(event)) {
      markers = changeMarkers(event.significantChanges);
      markFigures();
      sourceNote.hide();
      notice.show(event);
    } else if (event?.reason === "data_change") {
      sourceNote.show(freshness.nextUpdate());
    }
  }
  function showOrganization(id, name) {
    organizationStops.forEach((stop) => stop?.());
    organizationId = id;
    markers = new Map();
    notice.hide();
    sourceNote.hide();
    freshness.clear();
    progress.update({ state: "idle" });
    problems.clearAll();
    ui.name.dataset.organizationId = id;
    ui.name.textContent = name ?? "\u2026";
    document.title = name ? `${name} \u00b7 procurement-cache` : "procurement-cache";
    if (!name) {
      api.organization(id).then(
        (organization) => {
          if (organizationId !== id) return;
          ui.name.textContent = organization?.name ?? id;
          document.title = `${ui.name.textContent} \u00b7 procurement-cache`;
        },
        (error) => {
          if (organizationId !== id) return;
          ui.name.textContent = id;
          problems.report("organization", error);
        },
      );
    }
    organizationStops = [
      source.follow?.(id),
      source.onRefreshStatus?.(id, (status) => progress.update(status)),
      source.onChange?.(id, onChange),
      watch(context(), "dashboard-metrics", undefined, (state) => {
        if (documentOf(state)) freshness.show(documentOf(state));
        else if (state.status === "error") freshness.failed();
      }),
    ];
    showView(activeView);
  }

  api.refreshStatus().then(
    (status) => freshness.setZone(status?.zone, status?.nextScheduled),
    (error) => problems.report("refresh-status", error),
  );

  Promise.resolve(source.ready)
    .catch((error) => problems.report("ready", error))
    .then(async () => {
      if (!identity) {
        problems.report("identity", { status: 401, title: "This is not a valid token", detail: "Sign in again with a token." });
        return;
      }
      if (!admin) {
        if (!identity.organizationId) {
          problems.report("identity", { status: 403, title: "This token names no organization" });
          return;
        }
        showOrganization(identity.organizationId);
        return;
      }
      const picker = organizationPicker(ui.picker, { api, storage });
      try {
        const chosen = await picker.load();
        picker.onChoose((organization) => showOrganization(organization.id, organization.name));
        if (chosen) showOrganization(chosen.id, chosen.name);
        else problems.report("organizations", { title: "There are no organizations yet" });
      } catch (error) {
        problems.report("organizations", error);
      }
    });

  showView(activeView);
  return {
    stop() {
      organizationStops.forEach((stop) => stop?.());
      unmountView?.();
      stops.forEach((stop) => stop?.());
    },
  };
}
