/**
 * The database schema: the Flyway migrations of {@code sql/} applied when the application starts,
 * and the readiness checks {@code database} and {@code schema-migrations}.
 */
package com.procurementcache.schema;
