package com.procurementcache.preferences.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/** A user's preferences as a client sends them: one JSON object, not larger than the limit. */
public final class PreferencesDocument {

  private PreferencesDocument() {}

  /**
   * {@code body} as a normalized JSON object text.
   *
   * @throws IllegalArgumentException saying what is wrong, fit to be shown to the client
   */
  public static String validate(String body, int maxBytes) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException("The body must be a JSON object; it is empty.");
    }
    int size = body.getBytes(StandardCharsets.UTF_8).length;
    if (size > maxBytes) {
      throw new IllegalArgumentException(
          "The preferences are " + size + " bytes; at most " + maxBytes + " are accepted.");
    }
    JsonStructure structure;
    try (var reader = Json.createReader(new StringReader(body))) {
      structure = reader.read();
    } catch (JsonParsingException e) {
      throw new IllegalArgumentException(
          "The body is not valid JSON (at line "
              + e.getLocation().getLineNumber()
              + ", column "
              + e.getLocation().getColumnNumber()
              + ").");
    } catch (JsonException e) {
      throw new IllegalArgumentException("The body is not valid JSON.");
    } catch (RuntimeException e) {
      // The parser refuses nesting beyond its limit with a bare RuntimeException.
      throw new IllegalArgumentException("The body is not valid JSON, or nests too deep.");
    }
    if (structure.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new IllegalArgumentException(
          "The body must be a JSON object, not " + structure.getValueType().name().toLowerCase());
    }
    return structure.toString();
  }
}
