package com.procurementcache.security.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.spec.InvalidKeySpecException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EcKeyUtil;
import org.jose4j.keys.RsaKeyUtil;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The issuer's public key, found and read the way Payara's MP-JWT does: {@code
 * mp.jwt.verify.publickey.location} as a class-path resource, else as a URL ({@code file:}, {@code
 * http(s):}), else (beyond Payara) as a file path; when no location is set or found, the inline
 * {@code mp.jwt.verify.publickey}. The text is a PEM public key (with or without its armour), a
 * JWKS, a single JWK, or a JWKS in base64. The parsed key is kept for {@link #TTL}, as Payara keeps
 * its own; a failed reload keeps the last good key.
 */
final class VerificationKeys {

  private static final Logger LOG = Logger.getLogger(VerificationKeys.class.getName());

  /** Payara's default public-key cache time. */
  static final Duration TTL = Duration.ofMinutes(5);

  private final TokenSettings settings;
  private final Clock clock;

  private volatile VerificationKeyResolver resolver;
  private volatile Instant loadedAt;
  private String loadedText;
  private volatile long generation;

  VerificationKeys(TokenSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The key resolver of the current key; reads the key when none is kept or it is old. */
  synchronized VerificationKeyResolver resolver() throws InvalidToken {
    Instant now = clock.instant();
    if (current(now)) {
      return resolver;
    }
    try {
      String text = read();
      VerificationKeyResolver parsed = parse(text);
      if (loadedText != null && !loadedText.equals(text)) {
        generation++;
        LOG.info("The token issuer's public key changed");
      }
      resolver = parsed;
      loadedText = text;
      loadedAt = now;
    } catch (IOException | JoseException | InvalidKeySpecException | RuntimeException e) {
      if (resolver == null) {
        throw new InvalidToken("the token issuer's public key could not be read", e);
      }
      LOG.log(Level.WARNING, "Could not reload the token issuer's public key; keeping the last", e);
      loadedAt = now;
    }
    return resolver;
  }

  /**
   * Which key tokens are checked with: a number that changes when a reload finds a different key.
   * Reads the key when it is due, so that a changed key is noticed within {@link #TTL} even while
   * every token is answered from the cache of verified tokens.
   */
  long generation() throws InvalidToken {
    if (!current(clock.instant())) {
      resolver();
    }
    return generation;
  }

  private boolean current(Instant now) {
    Instant loaded = loadedAt;
    return resolver != null && loaded != null && Duration.between(loaded, now).compareTo(TTL) < 0;
  }

  private String read() throws IOException {
    Optional<String> located = settings.publicKeyLocation().flatMap(VerificationKeys::readLocation);
    return located
        .or(settings::publicKey)
        .orElseThrow(
            () ->
                new IOException(
                    "no public key: set mp.jwt.verify.publickey.location or"
                        + " mp.jwt.verify.publickey"));
  }

  private static Optional<String> readLocation(String location) {
    try {
      URL url = resource(location);
      if (url == null) {
        url = urlOrNull(location);
      }
      if (url != null) {
        try (InputStream in = url.openStream()) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      Path file = Path.of(location);
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("could not read the public key at " + location, e);
    }
  }

  private static URL resource(String location) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = VerificationKeys.class.getClassLoader();
    }
    URL url = loader.getResource(location);
    return url != null || !location.startsWith("/")
        ? url
        : loader.getResource(location.substring(1));
  }

  private static URL urlOrNull(String location) {
    try {
      return new URL(location);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  private VerificationKeyResolver parse(String text) throws JoseException, InvalidKeySpecException {
    String key = text.strip();
    if (!key.startsWith("{") && !key.startsWith("-----")) {
      String decoded = decodedJson(key);
      key = decoded == null ? key : decoded;
    }
    if (key.startsWith("{")) {
      List<JsonWebKey> keys =
          key.contains("\"keys\"")
              ? new JsonWebKeySet(key).getJsonWebKeys()
              : List.of(JsonWebKey.Factory.newJwk(key));
      return new JwksVerificationKeyResolver(keys);
    }
    String pem =
        key.startsWith("-----")
            ? key
            : "-----BEGIN PUBLIC KEY-----\n" + key + "\n-----END PUBLIC KEY-----";
    Key publicKey =
        "ES256".equals(settings.algorithm())
            ? new EcKeyUtil().fromPemEncoded(pem)
            : new RsaKeyUtil().fromPemEncoded(pem);
    return (jws, nesting) -> publicKey;
  }

  /** A JWKS may come base64-encoded; a PEM body is base64 too, but not of JSON. */
  private static String decodedJson(String text) {
    try {
      String decoded =
          new String(Base64.getDecoder().decode(text.replaceAll("\\s", "")), StandardCharsets.UTF_8)
              .strip();
      return decoded.startsWith("{") ? decoded : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
