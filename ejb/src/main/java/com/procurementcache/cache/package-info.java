/**
 * The cluster cache: a bounded JCache (Hazelcast) cache per data type with freshness and retention
 * tiers, single flight across nodes, eviction after a refresh commits, cluster-wide statistics.
 */
package com.procurementcache.cache;
