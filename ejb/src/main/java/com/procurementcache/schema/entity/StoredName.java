package com.procurementcache.schema.entity;

import java.util.Arrays;

/**
 * A state whose constant has one name outside Java, written once, on the constant. That name is the
 * value the CHECK constraint of the state's column allows (where the state is stored), the one the
 * API's JSON, the webhook's body, the metrics' tags, JMX and the logs show. It never changes for an
 * existing constant: receivers, dashboards and stored rows depend on it.
 *
 * <p>The enums implementing it are the schema's stored states; {@code StatesMatchSchemaIT} holds
 * each one's names equal to what its CHECK constraint allows.
 */
public interface StoredName {

  /** The name the schema, the API and the metrics know this constant by. */
  String wireName();

  /**
   * The constant of {@code type} whose {@link #wireName()} is {@code name}.
   *
   * @throws IllegalArgumentException naming the type and the value, when no constant has that name
   */
  static <E extends Enum<E> & StoredName> E fromWire(Class<E> type, String name) {
    return Arrays.stream(type.getEnumConstants())
        .filter(constant -> constant.wireName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no " + type.getSimpleName() + " named '" + name + "'"));
  }
}
