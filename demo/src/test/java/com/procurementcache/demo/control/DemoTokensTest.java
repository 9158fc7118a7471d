package com.procurementcache.demo.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTokensTest {

  private static final JsonObject TOKENS =
      Json.createObjectBuilder()
          .add("admin", "a.b.c")
          .add(
              "organizations",
              Json.createArrayBuilder()
                  .add(organization("Harbour Kitchen", "active", "v1.x.y"))
                  .add(organization("Closed Canteen", "inactive", "v2.x.y"))
                  .add(organization("Market Hall", "active", "v3.x.y")))
          .build();

  private static JsonObject organization(String name, String status, String token) {
    return Json.createObjectBuilder()
        .add("id", "id-of-" + name)
        .add("name", name)
        .add("status", status)
        .add("viewerToken", token)
        .build();
  }

  @Test
  void theAdminLinkComesFirstThenOnePerActiveOrganizationWithTheTokenInTheFragment() {
    List<String> links = DemoTokens.signInLinks(TOKENS, "http://localhost:9090");

    assertThat(links)
        .containsExactly(
            "admin (every organization)  http://localhost:9090/#token=a.b.c",
            "Harbour Kitchen  http://localhost:9090/#token=v1.x.y",
            "Market Hall  http://localhost:9090/#token=v3.x.y");
  }

  @Test
  void theTokensAreReadableByTheirOwnerOnly(@TempDir Path runDir) throws Exception {
    Path tokens = runDir.resolve("tokens.json");

    new DemoTokens(null).write(TOKENS, tokens);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(tokens)).contains("a.b.c");
  }

  @Test
  void signInLinksLeftReadableByAnEarlierRunBecomeOwnerOnly(@TempDir Path runDir) throws Exception {
    Path links = runDir.resolve("sign-in.txt");
    Files.createFile(
        links, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

    DemoTokens.writeSignInLinks(TOKENS, "http://localhost:8080", links);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(links)))
        .isEqualTo("rw-------");
    assertThat(Files.readAllLines(links))
        .hasSize(3)
        .first()
        .isEqualTo("admin (every organization)  http://localhost:8080/#token=a.b.c");
  }

  @Test
  void aBaseUrlWithATrailingSlashGetsNoSecondOne() {
    assertThat(DemoTokens.signInLinks(TOKENS, "http://localhost:8080/").get(0))
        .endsWith("http://localhost:8080/#token=a.b.c");
  }
}
