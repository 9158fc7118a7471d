package com.procurementcache.demo.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes {@code tokens.json}: an admin token and a viewer token for every organization, so a
 * developer can call the API right away.
 */
public class DemoTokens {

  /** Long enough for a working week on a local node; the run command issues new ones each start. */
  public static final Duration LIFETIME = Duration.ofDays(7);

  private final TokenIssuer issuer;

  public DemoTokens(TokenIssuer issuer) {
    this.issuer = issuer;
  }

  public JsonObject tokens(Connection connection) throws SQLException {
    JsonArrayBuilder organizations = Json.createArrayBuilder();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT id, name, status FROM organizations ORDER BY name, id")) {
      while (rs.next()) {
        UUID id = rs.getObject("id", UUID.class);
        organizations.add(
            Json.createObjectBuilder()
                .add("id", id.toString())
                .add("name", rs.getString("name"))
                .add("status", rs.getString("status"))
                .add("viewerToken", issuer.viewer("viewer@" + id, id, LIFETIME)));
      }
    }
    return Json.createObjectBuilder()
        .add("admin", issuer.admin("admin", LIFETIME))
        .add("organizations", organizations)
        .build();
  }

  /**
   * The dashboard's sign-in links of {@code tokens}: the admin's first, then one per active
   * organization (name and link). The token travels in the URL fragment, which a browser never
   * sends to the server, so it ends up in no access log.
   *
   * @param baseUrl where the node answers, e.g. {@code http://localhost:8080}
   */
  public static List<String> signInLinks(JsonObject tokens, String baseUrl) {
    String root = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    List<String> links = new ArrayList<>();
    links.add("admin (every organization)  " + root + "#token=" + tokens.getString("admin"));
    for (JsonObject organization :
        tokens.getJsonArray("organizations").getValuesAs(JsonObject.class)) {
      if ("active".equals(organization.getString("status"))) {
        links.add(
            organization.getString("name")
                + "  "
                + root
                + "#token="
                + organization.getString("viewerToken"));
      }
    }
    return links;
  }

  /** Writes {@code tokens} to {@code file}, readable by its owner only (they sign anyone in). */
  public void write(JsonObject tokens, Path file) throws IOException {
    JsonWriterFactory factory =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    try (Writer out = ownerOnly(file);
        JsonWriter writer = factory.createWriter(out)) {
      writer.writeObject(tokens);
    }
  }

  /** Writes the sign-in links of {@code tokens} to {@code file}, readable by its owner only. */
  public static void writeSignInLinks(JsonObject tokens, String baseUrl, Path file)
      throws IOException {
    try (Writer out = ownerOnly(file)) {
      for (String link : signInLinks(tokens, baseUrl)) {
        out.write(link);
        out.write(System.lineSeparator());
      }
    }
  }

  /**
   * A writer of {@code file} (emptied) that only its owner may read: a new file is created so,
   * never readable by others for a moment; an existing one loses its other permissions first.
   */
  private static Writer ownerOnly(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
    try {
      if (Files.exists(file)) {
        Files.setPosixFilePermissions(file, owner);
      } else {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own permissions have to do
    }
    return Files.newBufferedWriter(file);
  }
}
