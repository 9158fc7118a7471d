// An admin's #organization-picker: every organization, active ones first; the choice is kept for
// the session, so that a reload shows the same organization.

import { el, replace } from "./elements.js";

const STORAGE_KEY = "procurement-cache.organization";

/** Active first, then by name. */
export function pickerOrder(organizations) {
  return [...(organizations ?? [])].sort(
    (a, b) => Number(b.status === "active") - Number(a.status === "active") || String(a.name).localeCompare(String(b.name)),
  );
}

/** {load() → the organization to show first, onChoose(callback)} over the select element. */
export function organizationPicker(select, { api, storage }) {
  let organizations = [];
  const byId = new Map();
  return {
    async load() {
      organizations = pickerOrder(await api.organizations());
      for (const organization of organizations) byId.set(organization.id, organization);
      const active = organizations.filter((o) => o.status === "active");
      const other = organizations.filter((o) => o.status !== "active");
      const option = (o) => el("option", { value: o.id }, o.status === "active" ? o.name : `${o.name} (${o.status})`);
      replace(
        select,
        active.length ? el("optgroup", { label: "Active" }, active.map(option)) : null,
        other.length ? el("optgroup", { label: "Not active" }, other.map(option)) : null,
      );
      const remembered = storage?.getItem(STORAGE_KEY);
      const chosen = byId.get(remembered) ?? active[0] ?? organizations[0] ?? null;
      if (chosen) select.value = chosen.id;
      select.disabled = organizations.length === 0;
      return chosen;
    },
    onChoose(callback) {
      select.addEventListener("change", () => {
        const organization = byId.get(select.value);
        if (!organization) return;
        storage?.setItem(STORAGE_KEY, organization.id);
        callback(organization);
      });
    },
  };
}
