/**
 * The tenants and their master data (organizations, locations, suppliers, products) as JPA entities
 * over the source tables, and the directory the API lists organizations from.
 */
package com.procurementcache.organization;
