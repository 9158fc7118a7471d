/**
 * The text values the schema's CHECK constraints allow, as Java sees them: the {@link
 * com.procurementcache.schema.entity.StoredName} contract of the stored-state enums and their JSON
 * form.
 */
package com.procurementcache.schema.entity;
