/**
 * Who is calling and what it may read: a bearer JWT verified once per token (docs/adr/0008); by its
 * groups, an admin any organization, a viewer only the one its token's {@code org_id} names.
 */
package com.procurementcache.security;
