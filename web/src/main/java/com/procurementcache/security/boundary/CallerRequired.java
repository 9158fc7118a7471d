package com.procurementcache.security.boundary;

import com.procurementcache.problem.boundary.ProblemException;
import com.procurementcache.security.entity.VerifiedToken;
import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * The API fails closed: every resource method needs a caller whose token the {@link
 * BearerTokenMechanism} verified (401 otherwise), in one of the groups its {@code @RolesAllowed}
 * names (403 otherwise). A method without {@code @RolesAllowed} (on it or its class) is refused to
 * everyone, unless it is {@code @PermitAll}; so a resource that forgets its roles, or a server that
 * would let an unauthenticated request through, answers no data.
 */
@Provider
public class CallerRequired implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    Class<?> type = resource.getResourceClass();
    if (method.isAnnotationPresent(PermitAll.class)
        || (!method.isAnnotationPresent(RolesAllowed.class)
            && !method.isAnnotationPresent(DenyAll.class)
            && type.isAnnotationPresent(PermitAll.class))) {
      return;
    }
    RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
    if (roles == null && !method.isAnnotationPresent(DenyAll.class)) {
      roles = type.getAnnotation(RolesAllowed.class);
    }
    context.register(new Check(roles == null ? Set.of() : Set.of(roles.value())));
  }

  /** Refuses a request whose caller is missing or in none of {@code groups}. */
  @Priority(Priorities.AUTHORIZATION)
  static final class Check implements ContainerRequestFilter {

    private final Set<String> groups;

    Check(Set<String> groups) {
      this.groups = groups;
    }

    @Override
    public void filter(ContainerRequestContext context) {
      VerifiedToken caller =
          Callers.of(context).orElseThrow(() -> new NotAuthorizedException(Callers.CHALLENGE));
      if (caller.groups().stream().noneMatch(groups::contains)) {
        throw ProblemException.forbidden("The token does not allow this request.");
      }
    }
  }
}
