// Who the token says the user is. Decoded without verifying the signature: the server verifies
// every request, so the page only uses the claims to choose what to show (an admin's picker, a
// viewer's own organization).

function decodeSegment(segment) {
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/**
 * The claims of a JWT as {subject, groups, organizationId, expiresAt, admin}; null when the text
 * is not a token.
 */
export function readIdentity(token) {
  if (typeof token !== "string") return null;
  const parts = token.trim().split(".");
  if (parts.length !== 3) return null;
  let claims;
  try {
    claims = decodeSegment(parts[1]);
  } catch {
    return null;
  }
  if (claims === null || typeof claims !== "object") return null;
  const groups = Array.isArray(claims.groups) ? claims.groups.map(String) : [];
  return {
    subject: typeof claims.sub === "string" ? claims.sub : "",
    groups,
    organizationId: typeof claims.org_id === "string" ? claims.org_id : null,
    expiresAt: typeof claims.exp === "number" ? new Date(claims.exp * 1000) : null,
    admin: groups.includes("admin"),
  };
}
