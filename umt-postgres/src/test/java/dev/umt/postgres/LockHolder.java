package dev.umt.postgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A process that opens the PostgreSQL store of a company and holds it: prints {@code HELD}, then
 * waits for standard input to end. Arguments: JDBC URL, user, company.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (PostgresDatabase db =
            PostgresDatabase.open(PostgresConfig.builder().jdbcUrl(args[0]).user(args[1]).build());
        PostgresStateStore store = PostgresStateStore.open(db, args[2])) {
      System.out.println("HELD");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
  }
}
