package dev.umt.postgres;

import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.Scope;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.target.ProvisioningTarget;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.Organisation;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

/**
 * One UMT node of the clustered-scheduler test, in its own JVM: a Quartz scheduler on {@link
 * PostgresQuartz#clusteredProperties} (instance id given, check-in every second) whose job ({@link
 * SyncJob}) runs a {@link SyncEngine} against a {@link PostgresStateStore} and the parent's
 * GoToMyPC stand-in. Prints {@code READY} once started; a {@code stop} line on standard input shuts
 * the scheduler down after the job in progress and prints {@code STOPPED}.
 *
 * <p>Arguments: the properties file the test wrote ({@code jdbcUrl}, {@code user}, {@code company},
 * {@code batch}, {@code target.*} settings), the node id.
 */
public final class ClusterNode {
  static final long CHECKIN_MILLIS = 1_000;
  static final String SCHEDULER = "umt-cluster-test";

  /** What the job needs, set once by {@link #main}: one node per JVM. */
  static volatile Node node;

  record Node(
      String id,
      PostgresDatabase db,
      String company,
      int batch,
      Map<String, String> targetSettings) {}

  private ClusterNode() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      p.load(in);
    }
    String id = args[1];
    PostgresConfig config =
        PostgresConfig.builder()
            .jdbcUrl(p.getProperty("jdbcUrl"))
            .user(p.getProperty("user"))
            .build();
    Map<String, String> target = new LinkedHashMap<>();
    for (String name : p.stringPropertyNames()) {
      if (name.startsWith("target.")) {
        target.put(name.substring("target.".length()), p.getProperty(name));
      }
    }
    // Each node keeps its refresh token in a file of its own.
    target.put("tokenFile", p.getProperty("tokenFolder") + "/" + id + "-refresh-token");
    target.put("refreshToken", p.getProperty("refreshToken." + id));
    PostgresDatabase db = PostgresDatabase.open(config);
    node =
        new Node(
            id, db, p.getProperty("company"), Integer.parseInt(p.getProperty("batch")), target);
    Properties q = PostgresQuartz.clusteredProperties(config, SCHEDULER);
    q.setProperty("org.quartz.scheduler.instanceId", id);
    q.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CHECKIN_MILLIS));
    q.setProperty("org.quartz.threadPool.threadCount", "1");
    // A trigger stored by another process is seen at the next poll: every second here, not Quartz's
    // 30 s.
    q.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    Scheduler scheduler = new StdSchedulerFactory(q).getScheduler();
    scheduler.start();
    System.out.println("READY " + id);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("stop")) {
      // wait for stop
    }
    scheduler.shutdown(true);
    db.close();
    System.out.println("STOPPED " + id);
    System.out.flush();
  }

  /**
   * The directory at fire number {@code index}: {@code batch * (index + 1)} users in ou=Staff, the
   * same in every JVM.
   */
  static Organisation organisation(int users) {
    String base = "dc=example,dc=test";
    List<Organisation.Unit> units = List.of(new Organisation.Unit("Staff", base));
    List<Organisation.User> list = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String login = String.format("c%05d", i);
      list.add(
          new Organisation.User(
              login,
              "User " + i,
              "Given" + i,
              "Family" + i,
              login + "@example.test",
              "Clerk",
              "Dept",
              "+1 555 0100",
              false,
              false,
              "ou=Staff," + base));
    }
    return new Organisation(base, units, list, List.of());
  }

  /**
   * The scheduled sync: which fire it is follows from its scheduled fire time (for a recovered
   * firing, the original one), so every node computes the same directory for it. Each run is
   * recorded in the test's {@code cluster_fired} table: node, fire number, whether Quartz is
   * recovering it, start and end.
   */
  @DisallowConcurrentExecution
  public static final class SyncJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      Node n = node;
      long start = Long.parseLong(context.getMergedJobDataMap().getString("startMillis"));
      long interval = Long.parseLong(context.getMergedJobDataMap().getString("intervalMillis"));
      long scheduled =
          context.isRecovering()
              ? Long.parseLong(
                  context
                      .getMergedJobDataMap()
                      .getString(
                          Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS))
              : context.getScheduledFireTime().getTime();
      int index = (int) Math.round((scheduled - start) / (double) interval);
      try {
        long row = record(n, index, context.isRecovering());
        Organisation org = organisation(n.batch() * (index + 1));
        InMemoryDirectory directory = InMemoryDirectory.of(org);
        String staff = org.unit("Staff").dn();
        List<Rule> rules =
            List.of(
                Rule.builder("staff", "Staff", Scope.container(directory.idOf(staff), staff, true))
                    .group(GroupRef.path("Staff"))
                    .build());
        SyncReport report;
        try (PostgresStateStore store = PostgresStateStore.open(n.db(), n.company());
            ProvisioningTarget target =
                Providers.load(ClusterNode.class.getClassLoader())
                    .target("gotomypc")
                    .create(Settings.of("cluster node " + n.id(), n.targetSettings()))) {
          SyncEngine engine =
              SyncEngine.builder()
                  .source(directory)
                  .evaluator(DefaultRuleEvaluator.create())
                  .target(target)
                  .stateStore(store)
                  .options(SyncOptions.builder().concurrency(1).build())
                  .build();
          report = engine.run(rules);
        }
        finish(n, row, report.status().toString());
      } catch (Exception e) {
        throw new JobExecutionException("fire " + index + " on " + n.id() + ": " + e, e);
      }
    }

    private static long record(Node n, int index, boolean recovering) throws Exception {
      try (Connection c = n.db().dataSource().getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO cluster_fired (node, fire_index, recovering, started_at) VALUES (?,"
                      + " ?, ?, ?) RETURNING id")) {
        s.setString(1, n.id());
        s.setInt(2, index);
        s.setBoolean(3, recovering);
        s.setTimestamp(4, Timestamp.from(Instant.now()));
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    }

    private static void finish(Node n, long row, String status) throws Exception {
      try (Connection c = n.db().dataSource().getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "UPDATE cluster_fired SET finished_at = ?, status = ? WHERE id = ?")) {
        s.setTimestamp(1, Timestamp.from(Instant.now()));
        s.setString(2, status);
        s.setLong(3, row);
        s.executeUpdate();
      }
    }
  }
}
