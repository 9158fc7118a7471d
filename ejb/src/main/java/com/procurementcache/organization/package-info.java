/**
 * The tenants: the organization entity over the source table, its id as a value type, and the
 * directory the API lists organizations from.
 */
package com.procurementcache.organization;
