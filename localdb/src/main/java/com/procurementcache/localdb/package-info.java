/**
 * A real PostgreSQL for a machine that has none: Maven Central's embedded PostgreSQL 15 binaries,
 * started by the run command for its node and by the build for the integration tests, each only
 * when no PostgreSQL answers (docs/operations.md, "Without an installed PostgreSQL"; ADR 0009).
 */
package com.procurementcache.localdb;
