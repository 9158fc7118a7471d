package com.procurementcache.refresh.entity;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.Serializable;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A key figure of an organization that moved by more than the change threshold in one refresh.
 * {@code changeRatio} is (current − previous) ÷ |previous|; null when previous was zero.
 */
public record SignificantChange(
    String figure, BigDecimal previous, BigDecimal current, BigDecimal changeRatio)
    implements Serializable {

  public SignificantChange {
    Objects.requireNonNull(figure, "a change names its figure");
    Objects.requireNonNull(current, "a change has a current value");
  }

  /** The changes as the audit trail and the change log store them: a JSON array. */
  public static String toJson(List<SignificantChange> changes) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (SignificantChange c : changes) {
      JsonObjectBuilder o = Json.createObjectBuilder().add("figure", c.figure());
      o = c.previous() == null ? o.addNull("previous") : o.add("previous", c.previous());
      o = o.add("current", c.current());
      o =
          c.changeRatio() == null
              ? o.addNull("change_ratio")
              : o.add("change_ratio", c.changeRatio());
      array.add(o);
    }
    return array.build().toString();
  }

  /** The changes {@link #toJson} stored. */
  public static List<SignificantChange> fromJson(String json) {
    List<SignificantChange> changes = new ArrayList<>();
    try (JsonReader reader = Json.createReader(new StringReader(json))) {
      for (JsonObject o : reader.readArray().getValuesAs(JsonObject.class)) {
        changes.add(
            new SignificantChange(
                o.getString("figure"),
                number(o, "previous"),
                number(o, "current"),
                number(o, "change_ratio")));
      }
    }
    return changes;
  }

  private static BigDecimal number(JsonObject o, String name) {
    return o.isNull(name) ? null : o.getJsonNumber(name).bigDecimalValue();
  }
}
