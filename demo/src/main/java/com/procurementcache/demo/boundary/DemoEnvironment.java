package com.procurementcache.demo.boundary;

import com.procurementcache.demo.control.DataGenerator;
import com.procurementcache.demo.control.DatabaseProvisioner;
import com.procurementcache.demo.control.DatabaseTarget;
import com.procurementcache.demo.control.DemoTokens;
import com.procurementcache.demo.control.SigningKeys;
import com.procurementcache.demo.control.TokenIssuer;
import com.procurementcache.schema.control.SchemaMigrations;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The command line of the local environment. Database from {@code DB_URL}, {@code DB_USER}, {@code
 * DB_PASSWORD} (default: {@value DatabaseTarget#DEFAULT_URL}, user postgres).
 *
 * <pre>
 * prepare  [--run-dir .run] [--url URL]     database, migrations, demo data if empty, keys, tokens
 * generate --scale small|demo|bench [--seed 42]   migrate and fill an empty database
 * tokens   [--run-dir .run] [--url URL]     issue tokens.json (and sign-in.txt) again with the keys
 * </pre>
 *
 * <p>Next to {@code tokens.json} goes {@code sign-in.txt}: the dashboard's sign-in links on {@code
 * --url} (default {@value #DEFAULT_URL}), the admin's and one per active organization.
 *
 * <pre>
 * </pre>
 */
public final class DemoEnvironment {

  static final long DEFAULT_SEED = 42;

  static final String DEFAULT_URL = "http://localhost:8080";

  private DemoEnvironment() {}

  public static void main(String[] args) {
    try {
      run(new ArrayDeque<>(List.of(args)));
    } catch (DatabaseProvisioner.Unreachable e) {
      System.err.println(e.getMessage());
      System.exit(3);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage());
      System.exit(2);
    } catch (SQLException e) {
      // PostgreSQL's own sentence, without the PL/pgSQL context lines that follow it.
      System.err.println(
          "failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      System.exit(1);
    } catch (Exception e) {
      System.err.println("failed: " + e.getMessage());
      System.exit(1);
    }
  }

  static void run(Deque<String> args) throws Exception {
    String command = args.isEmpty() ? "" : args.pop();
    Path runDir = Path.of(".run");
    String scale = null;
    long seed = DEFAULT_SEED;
    String url = DEFAULT_URL;
    while (!args.isEmpty()) {
      String option = args.pop();
      if (args.isEmpty()) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args.pop();
      switch (option) {
        case "--run-dir" -> runDir = Path.of(value);
        case "--scale" -> scale = value;
        case "--seed" -> seed = parseSeed(value);
        case "--url" -> url = value;
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    DatabaseTarget target = DatabaseTarget.fromEnvironment(System.getenv());
    switch (command) {
      case "prepare" -> prepare(target, runDir, url);
      case "generate" -> {
        if (scale == null) {
          throw new IllegalArgumentException("generate needs --scale small|demo|bench");
        }
        generate(target, scale, seed);
      }
      case "tokens" -> writeTokens(target, runDir, url);
      default -> throw new IllegalArgumentException("unknown command '" + command + "'");
    }
  }

  private static long parseSeed(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seed takes a whole number: " + value);
    }
  }

  static void prepare(DatabaseTarget target, Path runDir, String url) throws Exception {
    if (new DatabaseProvisioner(target).ensureExists()) {
      say("created database " + target.databaseName());
    }
    int applied = new SchemaMigrations(target.dataSource()).migrate();
    say("schema up to date (" + applied + " migrations applied now)");
    try (Connection connection = target.connect()) {
      DataGenerator generator = new DataGenerator();
      if (generator.isEmpty(connection)) {
        say("generating demo data (seed " + DEFAULT_SEED + ") ...");
        say("demo data: " + generator.generate(connection, "demo", DEFAULT_SEED));
      } else {
        say("database already holds data: kept as it is");
      }
    }
    writeTokens(target, runDir, url);
  }

  static void generate(DatabaseTarget target, String scale, long seed) throws Exception {
    new DatabaseProvisioner(target).ensureExists();
    new SchemaMigrations(target.dataSource()).migrate();
    try (Connection connection = target.connect()) {
      long started = System.nanoTime();
      String summary = new DataGenerator().generate(connection, scale, seed);
      double seconds = (System.nanoTime() - started) / 1e9;
      say(summary);
      say(String.format("generated scale %s in %.1f s", scale, seconds));
    }
  }

  static void writeTokens(DatabaseTarget target, Path runDir, String url) throws Exception {
    SigningKeys keys = SigningKeys.loadOrCreate(runDir.resolve("keys"));
    DemoTokens tokens = new DemoTokens(new TokenIssuer(keys.privateKey()));
    Path file = runDir.resolve("tokens.json");
    try (Connection connection = target.connect()) {
      JsonObject json = tokens.tokens(connection);
      tokens.write(json, file);
      DemoTokens.writeSignInLinks(json, url, runDir.resolve("sign-in.txt"));
      say(
          "wrote "
              + file
              + " (admin + "
              + json.getJsonArray("organizations").size()
              + " viewer tokens)");
    } catch (SQLException e) {
      throw new DatabaseProvisioner.Unreachable(target, e);
    }
  }

  private static void say(String line) {
    System.out.println(line);
  }

  static String usage() {
    return "usage: prepare [--run-dir DIR] [--url URL] | generate --scale small|demo|bench [--seed N] | tokens [--run-dir DIR] [--url URL]";
  }
}
