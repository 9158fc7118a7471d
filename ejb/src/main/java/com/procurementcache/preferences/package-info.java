/**
 * Users' preferences: one JSON document per user and organization, stored with JPA, read through
 * the cache and evicted once a write commits; {@code If-Match} guards concurrent writes.
 */
package com.procurementcache.preferences;
