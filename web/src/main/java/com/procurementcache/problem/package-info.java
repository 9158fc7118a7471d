/**
 * Every error of the API as an RFC 9457 {@code application/problem+json} document, the container's
 * and JAX-RS's own errors included; never a stack trace or an internal class name.
 */
package com.procurementcache.problem;
