/**
 * The OpenAPI document at {@code /openapi}: MicroProfile OpenAPI builds it from the resources'
 * annotations and {@code META-INF/openapi.yaml}; a filter corrects what Payara's generator writes
 * that the server never does.
 */
package com.procurementcache.openapi;
