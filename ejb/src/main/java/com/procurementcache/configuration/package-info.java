/**
 * The settings a node runs with, as MicroProfile Config resolves them after system properties and
 * environment variables (each key's default and meaning is in {@code docs/configuration.md}).
 */
package com.procurementcache.configuration;
