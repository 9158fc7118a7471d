package com.procurementcache.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.procurementcache.it.Http;
import com.procurementcache.it.PackagedWarClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document a node serves: a standard linter (Redocly's recommended rules, the version
 * {@code src/test/openapi-lint} pins) finds no error in it, and it describes what the API sends.
 */
class OpenApiIT extends PackagedWarClient {

  @Test
  void theLinterFindsNoErrorInTheServedDocument() throws Exception {
    HttpResponse<String> document = document();
    Path lint = Path.of(System.getProperty("it.openapi.lint.dir"));
    Path file = lint.resolve("served-openapi.json");
    Files.writeString(file, document.body());

    Process linter =
        new ProcessBuilder(
                lint.resolve("node_modules/.bin/redocly").toString(),
                "lint",
                "--config",
                lint.resolve("redocly.yaml").toString(),
                "--format",
                "summary",
                file.toString())
            .redirectErrorStream(true)
            .start();
    linter.getOutputStream().close();
    String said = new String(linter.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(linter.waitFor(60, TimeUnit.SECONDS)).as("the linter ended").isTrue();

    assertThat(linter.exitValue()).as(said).isZero();
    assertThat(said).doesNotContainPattern("(?m)^error ");
  }

  @Test
  void isServedAsJsonOnRequest() {
    assertThat(Http.contentType(document())).startsWith("application/json");
  }

  @Test
  void pathParametersAreRequired() {
    JsonObject doc = Http.json(document()).asJsonObject();
    List<JsonObject> parameters = new ArrayList<>();
    doc.getJsonObject("components").getJsonObject("parameters").values().stream()
        .map(JsonValue::asJsonObject)
        .forEach(parameters::add);
    doc.getJsonObject("paths").values().stream()
        .flatMap(item -> item.asJsonObject().values().stream())
        .filter(op -> op.getValueType() == JsonValue.ValueType.OBJECT)
        .map(JsonValue::asJsonObject)
        .filter(op -> op.containsKey("parameters"))
        .flatMap(op -> op.getJsonArray("parameters").stream())
        .map(JsonValue::asJsonObject)
        .filter(p -> !p.containsKey("$ref"))
        .forEach(parameters::add);

    assertThat(parameters)
        .filteredOn(p -> p.getString("in").equals("path"))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.getBoolean("required", false)).as(p.toString()).isTrue());
  }

  @Test
  void noSchemaForbidsTheFieldsAnswersCarry() {
    assertThat(document().body()).doesNotContain("\"maxProperties\":0");
  }

  @Test
  void aRunIsRequestedWithAJsonObjectAndListedWithWholeNumbers() {
    JsonObject runs =
        Http.json(document())
            .asJsonObject()
            .getJsonObject("paths")
            .getJsonObject("/api/v1/refresh/runs");

    JsonObject body = runs.getJsonObject("post").getJsonObject("requestBody");
    JsonObject schema =
        body.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema");
    assertThat(schema.toString()).doesNotContain("\"type\":\"string\"");
    assertThat(body.getJsonObject("content").keySet()).containsExactly("application/json");
    assertThat(runs.getJsonObject("get").getJsonArray("parameters"))
        .map(JsonValue::asJsonObject)
        .allSatisfy(
            p ->
                assertThat(p.getJsonObject("schema"))
                    .as(p.getString("name"))
                    .containsEntry("type", Json.createValue("integer"))
                    .extractingByKey("default")
                    .extracting(JsonValue::getValueType)
                    .isEqualTo(JsonValue.ValueType.NUMBER));
    assertThat(runs.getJsonObject("get").getJsonObject("responses").keySet()).contains("200");
  }

  private HttpResponse<String> document() {
    HttpResponse<String> response = Http.get(base, "/openapi", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }
}
