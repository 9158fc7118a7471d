package com.procurementcache.demo.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair that signs local tokens: {@code private.pem} (PKCS#8, readable by the owner
 * only) and {@code public.pem} (X.509, what MicroProfile JWT verifies with). Made once per folder
 * and kept, so tokens stay valid across restarts.
 */
public final class SigningKeys {

  public static final String PRIVATE_FILE = "private.pem";
  public static final String PUBLIC_FILE = "public.pem";

  private final KeyPair pair;

  private SigningKeys(KeyPair pair) {
    this.pair = pair;
  }

  public static SigningKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new SigningKeys(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  /** Loads the pair from {@code folder}, making and saving a new one if there is none. */
  public static SigningKeys loadOrCreate(Path folder) throws IOException {
    Path privateFile = folder.resolve(PRIVATE_FILE);
    Path publicFile = folder.resolve(PUBLIC_FILE);
    if (Files.exists(privateFile) && Files.exists(publicFile)) {
      return load(folder);
    }
    SigningKeys keys = generate();
    keys.save(folder);
    return keys;
  }

  public static SigningKeys load(Path folder) throws IOException {
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      PrivateKey privateKey =
          rsa.generatePrivate(new PKCS8EncodedKeySpec(decode(folder.resolve(PRIVATE_FILE))));
      PublicKey publicKey =
          rsa.generatePublic(new X509EncodedKeySpec(decode(folder.resolve(PUBLIC_FILE))));
      return new SigningKeys(new KeyPair(publicKey, privateKey));
    } catch (GeneralSecurityException e) {
      throw new IOException("the key files in " + folder + " are not an RSA key pair", e);
    }
  }

  public void save(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path privateFile = folder.resolve(PRIVATE_FILE);
    Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    try {
      Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own permissions have to do
    }
    Files.writeString(
        folder.resolve(PUBLIC_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
  }

  public PrivateKey privateKey() {
    return pair.getPrivate();
  }

  public PublicKey publicKey() {
    return pair.getPublic();
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] decode(Path file) throws IOException {
    String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(text);
  }
}
