/**
 * Who may read which organization: by the MicroProfile JWT's groups, an admin any organization, a
 * viewer only the one its token's {@code org_id} claim names.
 */
package com.procurementcache.security;
