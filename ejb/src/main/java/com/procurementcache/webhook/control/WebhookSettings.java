package com.procurementcache.webhook.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Where run summaries go and the secret that signs them. The secret is never logged. */
@ApplicationScoped
public class WebhookSettings {

  @Inject
  @ConfigProperty(name = "webhook.url")
  Optional<String> url;

  @Inject
  @ConfigProperty(name = "webhook.secret")
  Optional<String> secret;

  public Optional<String> url() {
    return url;
  }

  public Optional<String> secret() {
    return secret;
  }

  public boolean enabled() {
    return url.isPresent();
  }
}
