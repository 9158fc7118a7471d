package com.procurementcache.organization.entity;

import com.procurementcache.schema.entity.StoredName;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Maps {@link OrganizationStatus} to the lower-case values the schema's CHECK allows. */
@Converter
public class OrganizationStatusConverter implements AttributeConverter<OrganizationStatus, String> {

  @Override
  public String convertToDatabaseColumn(OrganizationStatus status) {
    return status == null ? null : status.wireName();
  }

  @Override
  public OrganizationStatus convertToEntityAttribute(String value) {
    return value == null ? null : StoredName.fromWire(OrganizationStatus.class, value);
  }
}
