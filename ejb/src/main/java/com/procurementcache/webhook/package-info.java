/**
 * Signed webhooks (Standard Webhooks): messages queued in a PostgreSQL outbox, each delivered by
 * one node with retries and backoff, every attempt recorded in the delivery ledger.
 */
package com.procurementcache.webhook;
