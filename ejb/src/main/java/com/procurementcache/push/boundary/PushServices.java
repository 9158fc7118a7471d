package com.procurementcache.push.boundary;

import com.procurementcache.organization.boundary.OrganizationDirectory;
import com.procurementcache.push.control.PushMetrics;
import com.procurementcache.push.control.PushSettings;
import com.procurementcache.push.control.Subscriptions;
import com.procurementcache.security.control.TokenVerifier;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every push session works with; one set per application, made by {@link PushGateway}.
 *
 * @param scheduler runs the timeouts (authentication, token expiry)
 * @param writer runs each socket's writes (see {@code SendQueue})
 */
record PushServices(
    TokenVerifier verifier,
    Subscriptions subscriptions,
    ChangeFeed feed,
    OrganizationDirectory organizations,
    RefreshWatcher progress,
    PushSettings settings,
    PushMetrics metrics,
    ScheduledExecutorService scheduler,
    Executor writer,
    Clock clock) {}
