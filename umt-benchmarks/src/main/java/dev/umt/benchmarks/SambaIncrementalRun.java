package dev.umt.benchmarks;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.PageCursor;
import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.state.JsonFileStateStore;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 11's Samba figure: an incremental run next to a full run through a real {@link SyncEngine}
 * on the shared Samba AD DC. It adds {@code users} users (default 10,000) and 5 groups of 200
 * members (users 0 to 999) under an OU of its own ({@code OU=Staff} in {@code
 * OU=sambabench-<random>}, beside an {@code OU=Elsewhere} to move users out to), as the
 * Administrator over LDAPS so that the source takes DirSync and sees tombstones; the engine has the
 * {@code active-directory} source with its change feed, the default rule evaluator with one rule on
 * {@code OU=Staff} (subtree), the test kit's {@link InMemoryTarget} and a {@link
 * JsonFileStateStore} in a temporary folder. After the first full run, each of {@code rounds}
 * rounds (default 5) makes 10 changes over LDAP and runs (incremental), then 10 more and runs full
 * ({@code runFull}). The 10 changes: 2 new users, 1 deleted, 2 disabled, 2 renamed (new {@code
 * sn}), 1 new email, 1 moved out of the rule's OU (9 target writes) and 1 added to a group (no
 * target write: the rule holds the OU, not the group; the feed reports the group and the engine
 * re-reads its members). Printed per run: kind and reason, wall time, directory entries read
 * (counted by a decorator around the source: users returned by every users read plus entries found
 * by id, DN or children), changes from the feed, target writes; then min / median / max over the
 * rounds and the ratio incremental / full. Time is not checked (a benchmark); the kind of each run
 * and its writes are, and the exit status is 1 when one differs. Everything it added is deleted at
 * the end, on failure too.
 *
 * <pre>{@code
 * scripts/bench.sh SambaIncrementalRun 10000 5
 * }</pre>
 */
public final class SambaIncrementalRun {
  private SambaIncrementalRun() {}

  /** Target writes the 10 changes of {@link #tenChanges} make. */
  private static final int EXPECTED_WRITES = 9;

  private static final int GROUPS = 5;
  private static final int GROUP_SIZE = 200;

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (users < GROUPS * GROUP_SIZE + 20 * rounds) {
      throw new IllegalArgumentException(
          "users must be at least "
              + (GROUPS * GROUP_SIZE + 20 * rounds)
              + " for "
              + rounds
              + " rounds, not "
              + users);
    }
    TestServer samba = TestServers.samba();
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String parent = "OU=sambabench-" + tag + "," + samba.baseDn();
    String staff = "OU=Staff," + parent;
    String elsewhere = "OU=Elsewhere," + parent;
    System.out.printf(
        "Samba %s, %,d users under %s, %d rounds; max heap %,d MB; load average %.1f on %d cores%n",
        samba.ldapsUrl(),
        users,
        staff,
        rounds,
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    boolean ok;
    try (LDAPConnection admin = samba.connectLdaps(samba.bindDn(), samba.password())) {
      try {
        admin.add(new Entry(parent, new Attribute("objectClass", "top", "organizationalUnit")));
        admin.add(new Entry(staff, new Attribute("objectClass", "top", "organizationalUnit")));
        admin.add(new Entry(elsewhere, new Attribute("objectClass", "top", "organizationalUnit")));
        populate(samba, admin, staff, tag, users);
        ok = measure(samba, admin, staff, elsewhere, tag, users, rounds);
      } finally {
        long d0 = System.nanoTime();
        int deleted = deleteTree(samba, admin, parent);
        System.out.printf(
            "deleted %s and the %,d entries under it in %.1f s%n",
            parent, deleted - 1, (System.nanoTime() - d0) / 1e9);
      }
    }
    if (!ok) {
      System.out.println(
          "FAILED: a run was not of the expected kind or did not write what the changes should");
      System.exit(1);
    }
  }

  private static boolean measure(
      TestServer samba,
      LDAPConnection admin,
      String staff,
      String elsewhere,
      String tag,
      int users,
      int rounds)
      throws Exception {
    Providers providers = Providers.load(SambaIncrementalRun.class.getClassLoader());
    Settings settings =
        Settings.of(
            "samba benchmark",
            Map.of(
                "servers",
                samba.host() + ":" + samba.ldapsPort(),
                "security",
                "ldaps",
                "trustStore",
                samba.trustStore().toString(),
                "trustStorePassword",
                samba.trustStorePassword().reveal(),
                "bindUser",
                samba.bindDn(),
                "bindPassword",
                samba.password().reveal(),
                "baseDn",
                samba.baseDn(),
                "responseTimeout",
                "PT120S"));
    Path data = Files.createTempDirectory("umt-bench-samba-incr");
    boolean ok = true;
    try (CountingSource source =
            new CountingSource(providers.directorySource("active-directory").create(settings));
        JsonFileStateStore store = JsonFileStateStore.open(data)) {
      String feedKind = source.changeFeed().map(ChangeFeed::kind).orElse("none");
      DirectoryEntry ou =
          source
              .findByDn(staff)
              .orElseThrow(() -> new IllegalStateException("no " + staff + " on Samba"));
      InMemoryTarget target =
          InMemoryTarget.builder().batchSize(100).group("g1", "Staff", null).build();
      Rule rule =
          Rule.builder("staff", "Staff", Scope.container(ou.id(), ou.dn(), true))
              .group(GroupRef.path("Staff"))
              .build();
      SyncEngine engine =
          SyncEngine.builder()
              .source(source)
              .evaluator(DefaultRuleEvaluator.create())
              .target(target)
              .stateStore(store)
              .options(SyncOptions.builder().pageSize(1000).build())
              .build();
      System.out.printf("change feed: %s; state store: %s%n", feedKind, data);
      System.out.printf(
          "%-12s %-42s %10s %14s %13s %14s%n",
          "run", "kind and reason", "time ms", "entries read", "feed changes", "target writes");
      ok &=
          report(
              "first",
              run(source, target, () -> engine.run(List.of(rule))),
              SyncReport.Kind.FULL,
              users);
      List<long[]> inc = new ArrayList<>();
      List<long[]> full = new ArrayList<>();
      Changes changes = new Changes(admin, staff, elsewhere, tag, users);
      for (int round = 0; round < rounds; round++) {
        changes.ten(round * 2);
        Measured i = run(source, target, () -> engine.run(List.of(rule)));
        ok &= report("incremental", i, SyncReport.Kind.INCREMENTAL, EXPECTED_WRITES);
        inc.add(i.figures());
        changes.ten(round * 2 + 1);
        Measured f = run(source, target, () -> engine.runFull(List.of(rule)));
        ok &= report("full", f, SyncReport.Kind.FULL, EXPECTED_WRITES);
        full.add(f.figures());
      }
      System.out.printf(
          "%nmin / median / max over %d rounds (load average now %.1f):%n",
          rounds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.printf(
          "%-12s %26s %30s %22s %20s%n",
          "run", "time ms", "entries read", "feed changes", "target writes");
      print("incremental", inc);
      print("full", full);
      System.out.printf(
          "incremental / full (medians): time %.3f, entries read %.4f, target writes %.2f%n",
          ratio(inc, full, 0), ratio(inc, full, 1), ratio(inc, full, 3));
    }
    return ok;
  }

  /** A run's report and its figures: wall ms, entries read, feed changes, target writes. */
  private record Measured(SyncReport report, long[] figures) {}

  private static Measured run(
      CountingSource source, InMemoryTarget target, java.util.function.Supplier<SyncReport> run) {
    System.gc();
    long r0 = source.entries.get();
    long c0 = source.changes.get();
    int w0 = target.writes().size();
    long t0 = System.nanoTime();
    SyncReport report = run.get();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Measured(
        report,
        new long[] {
          ms, source.entries.get() - r0, source.changes.get() - c0, target.writes().size() - w0
        });
  }

  /** Prints one run and checks its kind, status and writes. */
  private static boolean report(String name, Measured measured, SyncReport.Kind kind, int writes) {
    SyncReport r = measured.report();
    long[] m = measured.figures();
    boolean right = r.kind() == kind && r.status() == SyncReport.Status.COMPLETED && m[3] == writes;
    System.out.printf(
        "%-12s %-42s %,10d %,14d %,13d %,14d%s%n",
        name,
        r.kindReason(),
        m[0],
        m[1],
        m[2],
        m[3],
        right
            ? ""
            : "   <-- expected a completed "
                + kind
                + " run with "
                + writes
                + " writes; "
                + r.status()
                + ": "
                + r.summary());
    return right;
  }

  /** The changes made over LDAP, each batch on users no other batch touched. */
  private static final class Changes {
    private final LDAPConnection admin;
    private final String staff;
    private final String elsewhere;
    private final String tag;
    private int next;

    Changes(LDAPConnection admin, String staff, String elsewhere, String tag, int users) {
      this.admin = admin;
      this.staff = staff;
      this.elsewhere = elsewhere;
      this.tag = tag;
      this.next = users;
    }

    /**
     * Ten changes: 2 new users, 1 deleted, 2 disabled (userAccountControl 546), 2 renamed (new sn),
     * 1 new email, 1 moved to OU=Elsewhere, 1 added to a group; {@link #EXPECTED_WRITES} target
     * writes. Batch {@code k} uses users 1,000 + 10k to 1,000 + 10k + 9 (none of them in a group
     * yet), so {@code users} must be at least 1,000 + 20 {@code rounds}.
     */
    void ten(int k) throws LDAPException {
      int at = GROUPS * GROUP_SIZE + k * 10;
      admin.add(userEntry(staff, tag, next++));
      admin.add(userEntry(staff, tag, next++));
      admin.delete(dn(staff, at));
      admin.modify(
          dn(staff, at + 1),
          new Modification(ModificationType.REPLACE, "userAccountControl", "546"));
      admin.modify(
          dn(staff, at + 2),
          new Modification(ModificationType.REPLACE, "userAccountControl", "546"));
      admin.modify(
          dn(staff, at + 3), new Modification(ModificationType.REPLACE, "sn", "Renamed" + at));
      admin.modify(
          dn(staff, at + 4), new Modification(ModificationType.REPLACE, "sn", "Renamed" + at));
      admin.modify(
          dn(staff, at + 5),
          new Modification(
              ModificationType.REPLACE,
              "mail",
              "new" + (at + 5) + "-" + tag + "@bench.example.test"));
      admin.modifyDN(dn(staff, at + 6), "CN=u" + (at + 6), true, elsewhere);
      admin.modify(
          groupDn(staff, k % GROUPS),
          new Modification(ModificationType.ADD, "member", dn(staff, at + 7)));
    }
  }

  private static String dn(String ou, int i) {
    return "CN=u" + i + "," + ou;
  }

  private static String groupDn(String ou, int g) {
    return "CN=group" + g + "," + ou;
  }

  private static Entry userEntry(String ou, String tag, int i) {
    return new Entry(
        dn(ou, i),
        new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
        new Attribute("sAMAccountName", "sb" + tag + "-" + i),
        new Attribute("mail", "u" + i + "-" + tag + "@bench.example.test"),
        new Attribute("givenName", "Given" + i),
        new Attribute("sn", "Surname" + i),
        new Attribute("userAccountControl", "544"));
  }

  /** Adds the users on 4 connections, then 5 groups whose members are users 0 to 999 (200 each). */
  private static void populate(
      TestServer samba, LDAPConnection admin, String staff, String tag, int users)
      throws Exception {
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        done.add(
            pool.submit(
                () -> {
                  try (LDAPConnection c = samba.connectLdaps(samba.bindDn(), samba.password())) {
                    for (int i = worker; i < users; i += 4) {
                      c.add(userEntry(staff, tag, i));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    for (int g = 0; g < GROUPS; g++) {
      List<String> members = new ArrayList<>();
      for (int i = g * GROUP_SIZE; i < (g + 1) * GROUP_SIZE && i < users; i++) {
        members.add(dn(staff, i));
      }
      Entry group =
          new Entry(
              groupDn(staff, g),
              new Attribute("objectClass", "top", "group"),
              new Attribute("sAMAccountName", "sb" + tag + "-g" + g),
              new Attribute("groupType", "-2147483646"));
      if (!members.isEmpty()) {
        group.addAttribute(new Attribute("member", members));
      }
      admin.add(group);
    }
    System.out.printf(
        "added %,d users and %d groups of up to %d members in %.1f s%n",
        users, GROUPS, GROUP_SIZE, (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Deletes {@code dn} and everything below it, leaves first, the leaves of one level on 4
   * connections. Returns how many.
   */
  private static int deleteTree(TestServer samba, LDAPConnection admin, String dn)
      throws Exception {
    int count = 0;
    List<String> leaves = new ArrayList<>();
    for (var e : admin.search(dn, SearchScope.ONE, "(objectClass=*)", "1.1").getSearchEntries()) {
      if (admin.search(e.getDN(), SearchScope.ONE, "(objectClass=*)", "1.1").getEntryCount() == 0) {
        leaves.add(e.getDN());
      } else {
        count += deleteTree(samba, admin, e.getDN());
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        done.add(
            pool.submit(
                () -> {
                  try (LDAPConnection c = samba.connectLdaps(samba.bindDn(), samba.password())) {
                    for (int i = worker; i < leaves.size(); i += 4) {
                      c.delete(leaves.get(i));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    admin.delete(dn);
    return count + leaves.size() + 1;
  }

  private static void print(String name, List<long[]> rows) {
    System.out.printf(
        "%-12s %26s %30s %22s %20s%n",
        name, stats(rows, 0), stats(rows, 1), stats(rows, 2), stats(rows, 3));
  }

  private static long median(List<long[]> rows, int col) {
    List<Long> v = new ArrayList<>();
    rows.forEach(r -> v.add(r[col]));
    Collections.sort(v);
    return v.get(v.size() / 2);
  }

  private static double ratio(List<long[]> inc, List<long[]> full, int col) {
    long f = median(full, col);
    return f == 0 ? Double.NaN : (double) median(inc, col) / f;
  }

  private static String stats(List<long[]> rows, int col) {
    List<Long> v = new ArrayList<>();
    rows.forEach(r -> v.add(r[col]));
    Collections.sort(v);
    return String.format("%,d / %,d / %,d", v.get(0), v.get(v.size() / 2), v.get(v.size() - 1));
  }

  /**
   * A source that counts the directory entries it hands out: users from every {@code users} read,
   * entries found by id or DN, children; and, apart, the changes its feed reports. Thread-safe.
   */
  private static final class CountingSource implements DirectorySource {
    private final DirectorySource delegate;
    final AtomicLong entries = new AtomicLong();
    final AtomicLong changes = new AtomicLong();

    CountingSource(DirectorySource delegate) {
      this.delegate = delegate;
    }

    @Override
    public SourceInfo checkConnection() {
      return delegate.checkConnection();
    }

    @Override
    public List<DirectoryEntry> children(String dn) {
      List<DirectoryEntry> c = delegate.children(dn);
      entries.addAndGet(c.size());
      return c;
    }

    @Override
    public Optional<DirectoryEntry> findById(String id) {
      return counted(delegate.findById(id));
    }

    @Override
    public Optional<DirectoryEntry> findByDn(String dn) {
      return counted(delegate.findByDn(dn));
    }

    private Optional<DirectoryEntry> counted(Optional<DirectoryEntry> e) {
      e.ifPresent(x -> entries.incrementAndGet());
      return e;
    }

    @Override
    public PageCursor<ScopedUser> users(Scope scope, int pageSize) {
      return new Counted<>(delegate.users(scope, pageSize), entries);
    }

    @Override
    public PageCursor<ScopedUser> users(Scope scope, Set<String> userIds, int pageSize) {
      return new Counted<>(delegate.users(scope, userIds, pageSize), entries);
    }

    @Override
    public Optional<ChangeFeed> changeFeed() {
      return delegate
          .changeFeed()
          .map(
              feed ->
                  new ChangeFeed() {
                    @Override
                    public String kind() {
                      return feed.kind();
                    }

                    @Override
                    public String currentToken() {
                      return feed.currentToken();
                    }

                    @Override
                    public PageCursor<DirectoryChange> changesSince(String token) {
                      return new Counted<>(feed.changesSince(token), changes);
                    }
                  });
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** A cursor that adds the size of every page it hands out to {@code counter}. */
  private record Counted<T>(PageCursor<T> delegate, AtomicLong counter) implements PageCursor<T> {
    @Override
    public boolean hasNext() {
      return delegate.hasNext();
    }

    @Override
    public List<T> next() {
      List<T> page = delegate.next();
      counter.addAndGet(page.size());
      return page;
    }

    @Override
    public boolean isComplete() {
      return delegate.isComplete();
    }

    @Override
    public String incompleteReason() {
      return delegate.incompleteReason();
    }

    @Override
    public List<Skipped> skipped() {
      return delegate.skipped();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
