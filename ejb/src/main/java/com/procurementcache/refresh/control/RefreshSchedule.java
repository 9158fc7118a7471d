package com.procurementcache.refresh.control;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import jakarta.ejb.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * When the nightly refresh is due: a Unix cron expression ({@code refresh.schedule}, e.g. {@code 0
 * 2 * * *}) read in a time zone ({@code refresh.zone}). A fire time belongs to the <em>night</em>
 * of its local date; the run ledger allows one scheduled run per night, so a wall-clock time that
 * happens twice (the last Sunday of October) still runs once, and one that does not happen (the
 * last Sunday of March) is moved forward by the zone rules rather than lost.
 */
public final class RefreshSchedule {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** More than any daylight-saving shift. */
  private static final Duration SLACK = Duration.ofHours(3);

  private final String expression;
  private final ZoneId zone;
  private final ExecutionTime executions;
  private final String[] fields;

  /**
   * @throws IllegalArgumentException when the expression is not a five-field Unix cron expression
   */
  public RefreshSchedule(String expression, ZoneId zone) {
    this.expression = Objects.requireNonNull(expression, "a schedule has an expression").trim();
    this.zone = Objects.requireNonNull(zone, "a schedule has a time zone");
    Cron cron = PARSER.parse(this.expression);
    cron.validate();
    this.executions = ExecutionTime.forCron(cron);
    this.fields = this.expression.split("\\s+");
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first fire time strictly after {@code instant}. */
  public Instant nextAfter(Instant instant) {
    // Start a little before the instant's wall-clock time: a fire time moved forward out of a gap
    // may resolve to an instant after a later wall-clock time.
    ZonedDateTime wall = wallClock(instant.atZone(zone).toLocalDateTime().minus(SLACK));
    for (int i = 0; i < 10_000; i++) {
      wall = next(wall);
      Instant fire = resolve(wall);
      if (fire.isAfter(instant)) {
        return fire;
      }
    }
    throw new IllegalStateException("schedule never fires: " + expression);
  }

  /** The latest fire time at or before {@code instant}, if the schedule ever fired before it. */
  public Optional<Instant> lastAtOrBefore(Instant instant) {
    ZonedDateTime wall = wallClock(instant.atZone(zone).toLocalDateTime().plus(SLACK));
    for (int i = 0; i < 10_000; i++) {
      Optional<ZonedDateTime> previous = executions.lastExecution(wall);
      if (previous.isEmpty()) {
        return Optional.empty();
      }
      wall = previous.get();
      Instant fire = resolve(wall);
      if (!fire.isAfter(instant)) {
        return Optional.of(fire);
      }
    }
    return Optional.empty();
  }

  private ZonedDateTime next(ZonedDateTime wall) {
    return executions
        .nextExecution(wall)
        .orElseThrow(() -> new IllegalStateException("schedule never fires: " + expression));
  }

  /**
   * Cron fields describe wall-clock times, so the expression is evaluated on a wall clock without
   * daylight saving (local date-times carried as UTC) and each wall-clock fire time is resolved in
   * the zone afterwards: a time in a spring-forward gap moves forward by the gap, and a time that
   * occurs twice takes its earlier occurrence. Every fire time of the expression thus maps to
   * exactly one instant; none is skipped or doubled.
   */
  private static ZonedDateTime wallClock(LocalDateTime local) {
    return local.atZone(ZoneOffset.UTC);
  }

  private Instant resolve(ZonedDateTime wall) {
    return ZonedDateTime.ofLocal(wall.toLocalDateTime(), zone, null).toInstant();
  }

  /** The night a fire time belongs to: its local date in the schedule's zone. */
  public LocalDate nightOf(Instant fireTime) {
    return fireTime.atZone(zone).toLocalDate();
  }

  /**
   * The same schedule as an EJB calendar expression, for a timer that fires on every node. Unix
   * cron and EJB calendar fields share their syntax for lists, ranges and day numbers (0 and 7 are
   * Sunday in both).
   */
  public ScheduleExpression toScheduleExpression() {
    return new ScheduleExpression()
        .second(0)
        .minute(fields[0])
        .hour(fields[1])
        .dayOfMonth(fields[2].equals("?") ? "*" : fields[2])
        .month(fields[3])
        .dayOfWeek(fields[4].equals("?") ? "*" : fields[4])
        .timezone(zone.getId());
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
