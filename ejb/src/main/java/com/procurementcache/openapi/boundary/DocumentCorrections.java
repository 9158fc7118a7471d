package com.procurementcache.openapi.boundary;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Corrects the generated OpenAPI document ({@code mp.openapi.filter}) where Payara's generator
 * writes what the API does not do, so that the document passes a standard OpenAPI linter:
 *
 * <ul>
 *   <li>A {@code @Schema} annotation's unset members come out as values: {@code maxProperties: 0}
 *       (which every real object answer violates), {@code minLength: 0}, {@code uniqueItems:
 *       false}, {@code nullable: false} and the like. They are dropped; the defaults they repeat
 *       hold anyway.
 *   <li>A whole-number parameter's default ({@code @DefaultValue}) is a number, not a string.
 *   <li>A path parameter is always required (OpenAPI says so), also where the generator wrote
 *       {@code required: false}.
 *   <li>Payara adds a root {@code endpoints} property of its own, which OpenAPI 3.0 does not allow.
 * </ul>
 */
public class DocumentCorrections implements OASFilter {

  private static final Logger LOG = Logger.getLogger(DocumentCorrections.class.getName());

  @Override
  public Schema filterSchema(Schema schema) {
    if (Integer.valueOf(0).equals(schema.getMaxProperties())) {
      schema.setMaxProperties(null);
    }
    if (Integer.valueOf(0).equals(schema.getMinProperties())) {
      schema.setMinProperties(null);
    }
    if (Integer.valueOf(0).equals(schema.getMinLength())) {
      schema.setMinLength(null);
    }
    if (Boolean.FALSE.equals(schema.getExclusiveMaximum())) {
      schema.setExclusiveMaximum(null);
    }
    if (Boolean.FALSE.equals(schema.getExclusiveMinimum())) {
      schema.setExclusiveMinimum(null);
    }
    if (Boolean.FALSE.equals(schema.getUniqueItems())) {
      schema.setUniqueItems(null);
    }
    if (Boolean.FALSE.equals(schema.getNullable())) {
      schema.setNullable(null);
    }
    if (Boolean.FALSE.equals(schema.getReadOnly())) {
      schema.setReadOnly(null);
    }
    if (Boolean.FALSE.equals(schema.getWriteOnly())) {
      schema.setWriteOnly(null);
    }
    if (Boolean.FALSE.equals(schema.getDeprecated())) {
      schema.setDeprecated(null);
    }
    if (schema.getType() == Schema.SchemaType.INTEGER
        && schema.getDefaultValue() instanceof String text
        && text.matches("-?[0-9]+")) {
      schema.setDefaultValue(Long.valueOf(text));
    }
    return schema;
  }

  @Override
  public Parameter filterParameter(Parameter parameter) {
    if (parameter.getIn() == Parameter.In.PATH) {
      parameter.setRequired(true);
    }
    return parameter;
  }

  @Override
  public void filterOpenAPI(OpenAPI document) {
    dropPayaraEndpoints(document);
  }

  /**
   * Payara's model lists the application's paths once more under {@code endpoints}, a property of
   * its own implementation (no MicroProfile API reaches it) that its writer leaves out when empty.
   */
  private static void dropPayaraEndpoints(OpenAPI document) {
    try {
      Method endpoints = document.getClass().getMethod("getEndpoints");
      if (endpoints.invoke(document) instanceof Map<?, ?> map) {
        map.clear();
      }
    } catch (NoSuchMethodException e) {
      // another implementation: nothing to drop
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, "Could not drop the OpenAPI document''s endpoints: {0}", e.toString());
    }
  }
}
