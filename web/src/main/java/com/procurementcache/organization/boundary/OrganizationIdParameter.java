package com.procurementcache.organization.boundary;

import com.procurementcache.organization.entity.OrganizationId;
import com.procurementcache.problem.boundary.ProblemException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Lets resources take an {@link OrganizationId} as a parameter. A malformed id is a 400 problem
 * naming the value: the converter throws the problem itself, since JAX-RS would answer any other
 * exception of a path parameter's conversion with 404.
 */
@Provider
public class OrganizationIdParameter implements ParamConverterProvider {

  private static final ParamConverter<OrganizationId> CONVERTER =
      new ParamConverter<>() {
        @Override
        public OrganizationId fromString(String value) {
          return parse(value);
        }

        @Override
        public String toString(OrganizationId id) {
          return id.toString();
        }
      };

  /**
   * {@code value} as an organization id.
   *
   * @throws ProblemException (400) naming the value, if it is not a canonical UUID
   */
  public static OrganizationId parse(String value) {
    try {
      return OrganizationId.parse(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(e.getMessage());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    return rawType == OrganizationId.class ? (ParamConverter<T>) CONVERTER : null;
  }
}
