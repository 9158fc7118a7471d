/**
 * An organization's analytics, computed set-based by the SQL functions of {@code sql/} (recompute,
 * validate, key figures), and each data type's rows read as JSON, published or computed live.
 */
package com.procurementcache.analytics;
