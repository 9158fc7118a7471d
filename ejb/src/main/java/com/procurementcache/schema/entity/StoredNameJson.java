package com.procurementcache.schema.entity;

import jakarta.json.bind.adapter.JsonbAdapter;
import java.util.Objects;

/**
 * JSON-B writes a {@link StoredName} state as its wire name and reads it back by that name. JSON-B
 * instantiates an adapter named in {@code @JsonbTypeAdapter} through a no-arg constructor, so each
 * enum names a one-line subclass of this that passes its own class.
 */
public abstract class StoredNameJson<E extends Enum<E> & StoredName>
    implements JsonbAdapter<E, String> {

  private final Class<E> type;

  protected StoredNameJson(Class<E> type) {
    this.type = Objects.requireNonNull(type, "the enum whose names are read");
  }

  @Override
  public String adaptToJson(E state) {
    return state.wireName();
  }

  @Override
  public E adaptFromJson(String wireName) {
    return StoredName.fromWire(type, wireName);
  }
}
