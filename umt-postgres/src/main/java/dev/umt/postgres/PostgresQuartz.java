package dev.umt.postgres;

import java.util.Objects;
import java.util.Properties;

/**
 * Quartz settings for a clustered scheduler on the UMT database: Quartz's JDBC job store ({@code
 * JobStoreTX} with {@code PostgreSQLDelegate}, {@code isClustered=true}) on the {@code qrtz_*}
 * tables that {@link PostgresDatabase#open} creates. Every node of one cluster uses the same {@code
 * schedulerName} and database, and its own instance id ({@code AUTO}: host name and start time);
 * Quartz then fires each trigger on one node only, and when a node stops checking in for longer
 * than the check-in interval (plus a margin), another node takes over its triggers and, for jobs
 * marked {@code requestsRecovery}, runs again the firings it had in progress.
 *
 * <p>Quartz opens its own small pool (HikariCP) from these properties: they hold the password, so
 * never log them. Pass them to {@code new StdSchedulerFactory(properties)}; override any key
 * (thread count, {@code org.quartz.scheduler.instanceId}) before that.
 *
 * <pre>{@code
 * Properties p = PostgresQuartz.clusteredProperties(config, "umt");
 * Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
 * }</pre>
 */
public final class PostgresQuartz {
  /**
   * How often a node checks in, and so about how soon a dead node's work moves on, in milliseconds
   * (Quartz's default).
   */
  public static final long DEFAULT_CHECKIN_INTERVAL_MILLIS = 7_500;

  private static final String DS = "umt";

  private PostgresQuartz() {}

  /**
   * The properties of a clustered scheduler named {@code schedulerName} on {@code config}'s
   * database, with two worker threads, check-in every {@link #DEFAULT_CHECKIN_INTERVAL_MILLIS} ms
   * and a misfire threshold of one minute.
   */
  public static Properties clusteredProperties(PostgresConfig config, String schedulerName) {
    Objects.requireNonNull(config, "config");
    if (schedulerName == null || schedulerName.isBlank()) {
      throw new IllegalArgumentException("schedulerName: must not be blank");
    }
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        Long.toString(DEFAULT_CHECKIN_INTERVAL_MILLIS));
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    // Job data are plain strings: nothing Java-serialised in the database.
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.dataSource", DS);
    p.setProperty("org.quartz.dataSource." + DS + ".provider", "hikaricp");
    p.setProperty("org.quartz.dataSource." + DS + ".driver", "org.postgresql.Driver");
    p.setProperty("org.quartz.dataSource." + DS + ".URL", url(config));
    p.setProperty("org.quartz.dataSource." + DS + ".user", config.user());
    p.setProperty(
        "org.quartz.dataSource." + DS + ".password",
        config.password() == null ? "" : config.password().reveal());
    p.setProperty("org.quartz.dataSource." + DS + ".maxConnections", "5");
    return p;
  }

  /**
   * The JDBC URL with the TLS settings and application name in its query (Quartz's pool takes no
   * other driver settings).
   */
  static String url(PostgresConfig config) {
    StringBuilder u = new StringBuilder(config.jdbcUrl());
    char sep = config.jdbcUrl().contains("?") ? '&' : '?';
    Properties p = PostgresDatabase.driverProperties(config, config.applicationName() + " quartz");
    for (String name : new java.util.TreeSet<>(p.stringPropertyNames())) {
      if (name.equals("reWriteBatchedInserts")) {
        continue;
      }
      u.append(sep)
          .append(name)
          .append('=')
          .append(
              java.net.URLEncoder.encode(
                  p.getProperty(name), java.nio.charset.StandardCharsets.UTF_8));
      sep = '&';
    }
    return u.toString();
  }
}
