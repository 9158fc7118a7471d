package com.procurementcache.push.control;

import com.procurementcache.organization.entity.OrganizationId;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;
import java.util.UUID;

/**
 * The push protocol's JSON text frames, through JSON-P: server messages out, client messages in.
 * One provider for the application's life, so that no message pays a JSON-P provider look-up.
 */
public final class WireFormat {

  private static final JsonProvider JSON = JsonProvider.provider();
  private static final JsonBuilderFactory BUILDERS = JSON.createBuilderFactory(Map.of());
  private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());

  private WireFormat() {}

  public static String render(ServerMessage message) {
    return message.toJson(BUILDERS).toString();
  }

  /**
   * The message {@code text} carries; unknown fields are ignored, so clients may send more.
   *
   * @throws ClientMessage.Unreadable not a JSON object, no known {@code type}, or a field of the
   *     wrong form
   */
  public static ClientMessage parse(String text) throws ClientMessage.Unreadable {
    JsonObject object;
    try (JsonReader reader = READERS.createReader(new StringReader(text))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new ClientMessage.Unreadable("not a JSON object");
      }
      object = value.asJsonObject();
    } catch (JsonException e) {
      throw new ClientMessage.Unreadable("not JSON");
    } catch (RuntimeException e) {
      // The parser refuses nesting beyond its limit with a bare RuntimeException.
      throw new ClientMessage.Unreadable("not JSON within the parser's limits");
    }
    ClientMessage.Type type =
        ClientMessage.Type.fromWire(string(object, "type"))
            .orElseThrow(() -> new ClientMessage.Unreadable("no known type"));
    return switch (type) {
      case AUTH -> new ClientMessage(type, required(object, "token"), null, null);
      case SUBSCRIBE ->
          new ClientMessage(type, null, organization(object), version(object, "lastVersion"));
      case UNSUBSCRIBE -> new ClientMessage(type, null, organization(object), null);
      case PING -> new ClientMessage(type, null, null, null);
    };
  }

  private static String string(JsonObject object, String name) {
    return object.get(name) instanceof JsonString s ? s.getString() : null;
  }

  private static String required(JsonObject object, String name) throws ClientMessage.Unreadable {
    String value = string(object, name);
    if (value == null) {
      throw new ClientMessage.Unreadable(name + " must be a string");
    }
    return value;
  }

  private static UUID organization(JsonObject object) throws ClientMessage.Unreadable {
    try {
      return OrganizationId.canonicalUuid("organizationId", required(object, "organizationId"));
    } catch (IllegalArgumentException e) {
      throw new ClientMessage.Unreadable(e.getMessage());
    }
  }

  private static Long version(JsonObject object, String name) throws ClientMessage.Unreadable {
    JsonValue value = object.get(name);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (value instanceof JsonNumber n && n.isIntegral() && n.bigIntegerValue().signum() >= 0) {
      try {
        return n.longValueExact();
      } catch (ArithmeticException e) {
        // too large: refused below
      }
    }
    throw new ClientMessage.Unreadable(name + " must be a version: a whole number, 0 or more");
  }
}
