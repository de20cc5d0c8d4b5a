package dev.umt.benchmarks.harness;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.umt.PageCursor;
import dev.umt.PlanStep;
import dev.umt.Providers;
import dev.umt.Secret;
import dev.umt.Settings;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.gotomypc.ApiConventions;
import dev.umt.gotomypc.GoToMyPcClient;
import dev.umt.gotomypc.RateLimitPolicy;
import dev.umt.gotomypc.TokenStore;
import dev.umt.gotomypc.target.GoToMyPcTarget;
import dev.umt.ldap.internal.GenericDialect;
import dev.umt.rule.Rule;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.EmbeddedDirectory;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The performance harness of issue 12: every figure beside its bound, both measured in the same JVM
 * in alternating rounds, printed as min / median / max with the ratio per round. One phase per JVM
 * (so that each phase's heap is its own); {@code scripts/bench.sh harness} runs them all.
 *
 * <pre>{@code
 * scripts/bench.sh harness                  # every phase, full sizes, a private slapd on 127.0.0.1:7389
 * scripts/bench.sh harness tiny             # every phase at a tiny size (what CI runs through HarnessTinyTest)
 * java ... dev.umt.benchmarks.harness.Harness sync sizes=10000,100000 rounds=5
 * }</pre>
 *
 * <p>Phases and their options ({@code key=value}): {@code read-embedded sizes= rounds=}; {@code
 * read-ldap url= bindDn= passwordFile= size= rounds=} (a server loaded from {@code ldif}); {@code
 * sync sizes= rounds=} (the no-change run's time); every timed phase takes {@code warmup=} (3
 * unmeasured rounds of each side first); {@code heap sizes=} (live heap per phase, run it under
 * {@code -Xmx256m}); {@code creates users= latencyMs= rounds=}; {@code groups users= latencyMs=
 * rounds=}; {@code ldif size= file=} (writes the organisation for slapadd); {@code tiny} (every
 * phase at 200 users, embedded server for the LDAP rows). Not thread-safe; a main.
 */
public final class Harness {
  /** The page size of every read, the source's and the bound's. */
  static final int PAGE_SIZE = 1000;

  private final PrintStream out;
  private final List<Row> rows = new ArrayList<>();

  /**
   * Unmeasured rounds of each side before the measured ones ({@code warmup=}, 3): after a single
   * one, the first measured round of the 100,000-user no-change run still took one and a half to
   * two times as long as the later ones (the JIT compiling its loops), while the simpler bound was
   * already at speed.
   */
  private int warmups = 3;

  Harness(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    new Harness(System.out).run(args);
  }

  /** Runs the phase {@code args[0]} with its options and returns the rows it printed. */
  List<Row> run(String... args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: Harness <read-embedded|read-ldap|sync|heap|creates|groups|ldif|tiny>"
              + " [key=value...]");
    }
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("option '" + args[i] + "' is not key=value");
      }
      o.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    out.printf(
        Locale.ROOT,
        "# phase %s; Java %s, %d cores, max heap %d MB%n",
        args[0],
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "5"));
    warmups = Integer.parseInt(o.getOrDefault("warmup", "3"));
    switch (args[0]) {
      case "read-embedded" -> {
        for (int n : sizes(o.getOrDefault("sizes", "10000,100000"))) {
          readEmbedded(n, rounds);
        }
      }
      case "read-ldap" ->
          readLdap(
              o.get("url"),
              o.get("bindDn"),
              Files.readString(Path.of(o.get("passwordFile"))).trim(),
              Integer.parseInt(o.getOrDefault("size", "10000")),
              rounds,
              "slapd");
      case "sync" -> {
        for (int n : sizes(o.getOrDefault("sizes", "10000,100000"))) {
          noChangeTiming(n, rounds);
        }
      }
      case "heap" -> {
        for (int n : sizes(o.getOrDefault("sizes", "10000,100000"))) {
          heap(n);
        }
      }
      case "creates" ->
          creates(
              Integer.parseInt(o.getOrDefault("users", "10000")),
              Integer.parseInt(o.getOrDefault("latencyMs", "50")),
              rounds);
      case "groups" ->
          groups(
              Integer.parseInt(o.getOrDefault("users", "200")),
              Integer.parseInt(o.getOrDefault("latencyMs", "50")),
              rounds);
      case "ldif" ->
          ldif(Integer.parseInt(o.getOrDefault("size", "10000")), Path.of(o.get("file")));
      case "tiny" -> {
        readEmbedded(200, 3);
        try (EmbeddedDirectory server =
            EmbeddedDirectories.start(LdapFlavour.GENERIC, BenchOrganisation.of(200))) {
          readLdap(
              server.url(),
              server.bindDn(),
              server.password().reveal(),
              200,
              3,
              "embedded server standing in for slapd");
        }
        noChangeTiming(200, 3);
        heap(200);
        creates(200, 5, 3);
        groups(10, 5, 3);
      }
      default -> throw new IllegalArgumentException("no phase '" + args[0] + "'");
    }
    return rows;
  }

  private static List<Integer> sizes(String s) {
    return java.util.Arrays.stream(s.split(",")).map(String::trim).map(Integer::parseInt).toList();
  }

  // ------------------------------------------------------------------ LDAP reads

  private void readEmbedded(int n, int rounds) throws Exception {
    long t0 = System.nanoTime();
    try (EmbeddedDirectory server =
        EmbeddedDirectories.start(LdapFlavour.GENERIC, BenchOrganisation.of(n))) {
      out.printf(
          Locale.ROOT,
          "# embedded server with %,d users loaded in %,d ms%n",
          n,
          (System.nanoTime() - t0) / 1_000_000);
      readLdap(
          server.url(),
          server.bindDn(),
          server.password().reveal(),
          n,
          rounds,
          "embedded UnboundID server");
    }
  }

  /**
   * The read of every user under ou=Corp through the ldap source, beside UnboundID's paged search
   * of the same base, filter, attributes and page size.
   */
  private void readLdap(String url, String bindDn, String password, int n, int rounds, String where)
      throws Exception {
    URIish u = URIish.parse(url);
    String corpDn = "ou=Corp," + BenchOrganisation.BASE;
    Settings settings =
        Settings.of(
            "harness",
            Map.of(
                "servers",
                u.host() + ":" + u.port(),
                "security",
                "none",
                "allowSimpleBindWithoutEncryption",
                "true",
                "bindUser",
                bindDn,
                "bindPassword",
                password,
                "baseDn",
                BenchOrganisation.BASE,
                "responseTimeout",
                "PT300S",
                "pageSize",
                Integer.toString(PAGE_SIZE)));
    GenericDialect dialect = new GenericDialect();
    Set<String> attributes = new LinkedHashSet<>(List.of("objectClass"));
    attributes.addAll(dialect.idAttributes());
    dialect.defaultMapping().values().forEach(attributes::addAll);
    attributes.addAll(dialect.statusAttributes());
    attributes.add("memberOf");
    Providers providers = Providers.load(Harness.class.getClassLoader());
    try (DirectorySource source = providers.directorySource("ldap").create(settings);
        LDAPConnection c = new LDAPConnection(u.host(), u.port(), bindDn, password)) {
      DirectoryEntry corp =
          source
              .findByDn(corpDn)
              .orElseThrow(() -> new IllegalStateException("no " + corpDn + " at " + url));
      Scope scope = Scope.container(corp.id(), corp.dn(), true);
      Series s =
          alternate(
              rounds,
              () -> readSource(source, scope, n),
              () -> rawPagedSearch(c, corpDn, dialect, attributes, n));
      row(
          String.format(Locale.ROOT, "read %,d users, ldap source (%s)", n, where),
          "ms",
          s,
          "raw UnboundID paged search, same base/filter/attributes/page size",
          1.3,
          n);
    }
  }

  private static void readSource(DirectorySource source, Scope scope, int expected) {
    int count = 0;
    try (PageCursor<ScopedUser> cursor = source.users(scope, PAGE_SIZE)) {
      while (cursor.hasNext()) {
        count += cursor.next().size();
      }
      if (!cursor.isComplete()) {
        throw new IllegalStateException("incomplete read: " + cursor.incompleteReason());
      }
    }
    check(count == expected, "the source read " + count + " users, not " + expected);
  }

  private static void rawPagedSearch(
      LDAPConnection c, String base, GenericDialect dialect, Set<String> attributes, int expected) {
    int count = 0;
    ASN1OctetString cookie = null;
    try {
      do {
        SearchRequest r =
            new SearchRequest(
                base, SearchScope.SUB, dialect.userFilter(), attributes.toArray(String[]::new));
        r.setControls(new SimplePagedResultsControl(PAGE_SIZE, cookie, false));
        SearchResult result = c.search(r);
        count += result.getEntryCount();
        SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
        cookie = response == null || !response.moreResultsToReturn() ? null : response.getCookie();
      } while (cookie != null);
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      throw new IllegalStateException(e);
    }
    check(count == expected, "the raw search read " + count + " entries, not " + expected);
  }

  /** Host and port of an ldap:// URL. */
  private record URIish(String host, int port) {
    static URIish parse(String url) {
      java.net.URI uri = java.net.URI.create(url);
      return new URIish(uri.getHost(), uri.getPort() < 0 ? 389 : uri.getPort());
    }
  }

  private static void ldif(int n, Path file) throws IOException {
    // The complete entries (with entryUUID and memberOf), one at a time, for slapadd.
    List<com.unboundid.ldap.sdk.Entry> entries =
        OrganisationLdif.entries(BenchOrganisation.of(n), LdapFlavour.GENERIC);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder b = new StringBuilder();
      for (com.unboundid.ldap.sdk.Entry e :
          entries.subList(1, entries.size())) { // the base entry exists already
        b.setLength(0);
        e.toLDIFString(b, 0);
        w.append(b).append("\n\n");
      }
    }
  }

  // ------------------------------------------------------------------ sync and heap

  /**
   * The no-change run of the in-memory source and target beside reading both and joining by email.
   */
  private void noChangeTiming(int n, int rounds) throws Exception {
    InMemoryDirectory dir = BenchOrganisation.inMemory(BenchOrganisation.of(n));
    String corpDn = "ou=Corp," + BenchOrganisation.BASE;
    Rule rule =
        Rule.builder("all", "Everyone", Scope.container(dir.idOf(corpDn), corpDn, true)).build();
    InMemoryTarget target = InMemoryTarget.builder().batchSize(100).build();
    Path data = Files.createTempDirectory("umt-harness");
    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      SyncEngine engine =
          SyncEngine.builder()
              .source(dir)
              .evaluator(DefaultRuleEvaluator.create())
              .target(target)
              .stateStore(store)
              .options(SyncOptions.builder().pageSize(PAGE_SIZE).fullRunEveryRuns(0).build())
              .build();
      SyncReport first = engine.run(List.of(rule));
      check(
          first.applied(PlanStep.Kind.CREATE) == n,
          "the first run created " + first.applied(PlanStep.Kind.CREATE) + ", not " + n);
      int writesBefore = target.writes().size();
      long journal = Files.size(data.resolve("ledger.journal"));
      Series s =
          alternate(
              rounds,
              () -> noChangeRun(engine, rule, n),
              () -> readAndJoin(dir, rule.source(), target, n));
      check(
          target.writes().size() == writesBefore,
          (target.writes().size() - writesBefore) + " target writes in the no-change runs");
      check(
          Files.size(data.resolve("ledger.journal")) == journal,
          "the no-change runs wrote to the ledger journal");
      row(
          String.format(
              Locale.ROOT, "no-change run of %,d users (in-memory source and target), 0 writes", n),
          "ms",
          s,
          "read every user and account, join by email",
          3.0,
          n);
    } finally {
      deleteTree(data);
    }
  }

  /**
   * The live heap of each phase of a sync of {@code n} users from a source that holds nothing
   * (users made page by page, as an LDAP read delivers them) to the in-memory target: the first
   * run, a no-change run, and the close of the JSON store, which writes ledger.json.
   */
  private void heap(int n) throws Exception {
    HeapProbe heap = new HeapProbe();
    StreamedDirectory dir = new StreamedDirectory(n);
    Rule rule = Rule.builder("all", "Everyone", StreamedDirectory.scope()).build();
    InMemoryTarget target = InMemoryTarget.builder().batchSize(100).build();
    Path data = Files.createTempDirectory("umt-harness");
    JsonFileStateStore store = JsonFileStateStore.open(data);
    try {
      SyncEngine engine =
          SyncEngine.builder()
              .source(dir)
              .evaluator(DefaultRuleEvaluator.create())
              .target(target)
              .stateStore(store)
              .options(SyncOptions.builder().pageSize(PAGE_SIZE).fullRunEveryRuns(0).build())
              .build();
      HeapProbe.Peak first =
          heap.during(
              () -> {
                SyncReport r = engine.run(List.of(rule));
                check(
                    r.applied(PlanStep.Kind.CREATE) == n,
                    "the first run created "
                        + r.applied(PlanStep.Kind.CREATE)
                        + ", not "
                        + n
                        + ": "
                        + r.summary());
              });
      heapRow(String.format(Locale.ROOT, "heap, first run of %,d users (creates)", n), first, n);
      HeapProbe.Peak run = heap.during(() -> noChangeRun(engine, rule, n));
      heapRow(String.format(Locale.ROOT, "heap, no-change run of %,d users", n), run, n);
      JsonFileStateStore closing = store;
      store = null;
      HeapProbe.Peak close = heap.during(closing::close);
      closing = null;
      out.printf(
          Locale.ROOT,
          "# ledger.json: %,d bytes; live after the close with the store dropped (the in-memory"
              + " target's accounts): %,d MB%n",
          Files.size(data.resolve("ledger.json")),
          heap.liveNow() >> 20);
      heapRow(
          String.format(
              Locale.ROOT, "heap, close of the JSON store (writes ledger.json of %,d entries)", n),
          close,
          n);
    } finally {
      if (store != null) {
        store.close();
      }
      deleteTree(data);
    }
  }

  private static void noChangeRun(SyncEngine engine, Rule rule, int n) {
    SyncReport r = engine.run(List.of(rule));
    Integer same = r.count(StepOutcome.Result.PLANNED).get(PlanStep.Kind.NO_CHANGE);
    Integer done = r.count(StepOutcome.Result.DONE).getOrDefault(PlanStep.Kind.NO_CHANGE, 0);
    int noChange = (same == null ? 0 : same) + done;
    if (noChange != n || !r.failures().isEmpty()) {
      // Only now: the summary counts every outcome, work the timed run should not include.
      throw new IllegalStateException("expected " + n + " no-change steps: " + r.summary());
    }
  }

  private static void readAndJoin(DirectorySource dir, Scope scope, InMemoryTarget target, int n) {
    Map<String, TargetAccount> byEmail = new HashMap<>(n * 2);
    try (PageCursor<TargetAccount> accounts = target.accounts(PAGE_SIZE)) {
      while (accounts.hasNext()) {
        for (TargetAccount a : accounts.next()) {
          byEmail.put(a.email().toLowerCase(Locale.ROOT), a);
        }
      }
    }
    int joined = 0;
    try (PageCursor<ScopedUser> users = dir.users(scope, PAGE_SIZE)) {
      while (users.hasNext()) {
        for (ScopedUser u : users.next()) {
          if (byEmail.get(u.user().email().toLowerCase(Locale.ROOT)) != null) {
            joined++;
          }
        }
      }
    }
    check(joined == n, "joined " + joined + " of " + n);
  }

  // ------------------------------------------------------------------ GoToMyPC

  private static GoToMyPcClient client(GoToMyPcStandIn standIn) {
    return GoToMyPcClient.builder()
        .baseUrl(standIn.baseUrl())
        .tokenUrl(standIn.tokenUrl())
        .clientId(standIn.clientId())
        .clientSecret(Secret.of(standIn.clientSecret()))
        .tokenStore(TokenStore.inMemory(Secret.of(standIn.issueRefreshToken())))
        .conventions(ApiConventions.DEFAULT)
        .rateLimit(RateLimitPolicy.DEFAULT)
        .build();
  }

  /**
   * {@code n} creates through GoToMyPcTarget.create against the stand-in at its 10 requests/s
   * limit.
   */
  private void creates(int n, int latencyMs, int rounds) {
    createRounds(
        String.format(
            Locale.ROOT,
            "%,d creates through GoToMyPcTarget.create, %d ms latency, stand-in at 10/s",
            n,
            latencyMs),
        n,
        latencyMs,
        rounds,
        false,
        (n + 99) / 100);
  }

  /**
   * {@code n} creates whose rule names a GoToMyPC group: one create request per 100 users and one
   * PUT per user.
   */
  private void groups(int n, int latencyMs, int rounds) {
    createRounds(
        String.format(
            Locale.ROOT,
            "%,d creates into a named group, %d ms latency, stand-in at 10/s",
            n,
            latencyMs),
        n,
        latencyMs,
        rounds,
        true,
        (n + 99) / 100 + n);
  }

  private void createRounds(
      String name, int n, int latencyMs, int rounds, boolean group, int boundRequests) {
    double serviceBound = boundRequests * 1000.0 / RateLimitPolicy.SERVICE_LIMIT_PER_SECOND;
    List<Double> times = new ArrayList<>();
    List<Double> paceBounds = new ArrayList<>();
    long tooMany = 0;
    int maxInSecond = 0;
    for (int round = 0; round < rounds; round++) {
      try (GoToMyPcStandIn standIn =
          GoToMyPcStandIn.builder()
              .requestsPerSecond(RateLimitPolicy.SERVICE_LIMIT_PER_SECOND)
              .build()
              .start()) {
        String company = standIn.addCompany("Example Corp");
        standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), n);
        String groupKey = group ? standIn.addGroup(company, "Field Staff", null) : null;
        standIn.latency(Duration.ofMillis(latencyMs));
        try (GoToMyPcTarget target =
            GoToMyPcTarget.builder()
                .client(client(standIn))
                .company(company)
                .ownsClient(true)
                .build()) {
          target.license();
          List<NewAccount> accounts =
              IntStream.range(0, n)
                  .mapToObj(
                      i ->
                          new NewAccount(
                              BenchOrganisation.email(i),
                              "Given" + i,
                              "Surname" + i,
                              groupKey,
                              true,
                              false))
                  .toList();
          long before = standIn.requestCount();
          long t0 = System.nanoTime();
          List<CreateResult> results = target.create(accounts);
          times.add((System.nanoTime() - t0) / 1e6);
          long requests = standIn.requestCount() - before;
          paceBounds.add(requests * 1000.0 / RateLimitPolicy.DEFAULT.requestsPerSecond());
          long created =
              results.stream().filter(r -> r.outcome() == CreateResult.Outcome.CREATED).count();
          check(
              created == n,
              "created "
                  + created
                  + " of "
                  + n
                  + ": "
                  + results.stream()
                      .filter(r -> r.outcome() != CreateResult.Outcome.CREATED)
                      .findFirst()
                      .map(Object::toString)
                      .orElse(""));
          tooMany += standIn.tooManyRequestsCount();
          maxInSecond = Math.max(maxInSecond, standIn.maxRequestsInAnySecond());
        }
      }
    }
    Series vsService = new Series(times, Collections.nCopies(rounds, serviceBound));
    out.printf(
        Locale.ROOT,
        "# %s: %d x 429, at most %d requests in any sliding second at the stand-in%n",
        name,
        tooMany,
        maxInSecond);
    row(
        name,
        "ms",
        vsService,
        String.format(Locale.ROOT, "%d requests / 10 per s", boundRequests),
        1.15,
        n);
    row(
        name + " (against the client's own pace)",
        "ms",
        new Series(times, paceBounds),
        String.format(
            Locale.ROOT,
            "requests made / the client's pace of %s per s",
            RateLimitPolicy.DEFAULT.requestsPerSecond()),
        1.15,
        n);
    check(tooMany == 0, tooMany + " answers were 429");
  }

  // ------------------------------------------------------------------ rounds, rows, heap

  /** Measured and bound times of the same rounds, in ms. */
  record Series(List<Double> measured, List<Double> bound) {
    List<Double> ratios() {
      return IntStream.range(0, measured.size())
          .mapToObj(i -> measured.get(i) / bound.get(i))
          .toList();
    }
  }

  /**
   * A printed row: what was measured, its min/median/max, the bound's, the ratios per round, and
   * the goal (a ratio at most {@code goal} on the median).
   */
  record Row(
      String name,
      String unit,
      List<Double> measured,
      String boundName,
      List<Double> bound,
      List<Double> ratios,
      double goal,
      int users) {
    double median(List<Double> v) {
      List<Double> s = new ArrayList<>(v);
      Collections.sort(s);
      return s.get(s.size() / 2);
    }

    boolean met() {
      return median(ratios) <= goal;
    }
  }

  private void row(String name, String unit, Series s, String boundName, double goal, int users) {
    Row r = new Row(name, unit, s.measured(), boundName, s.bound(), s.ratios(), goal, users);
    rows.add(r);
    out.printf(
        Locale.ROOT,
        "ROW | %s | %s %s | bound (%s) %s %s | ratio %s | goal <= %.2f (median): %s%n",
        name,
        mmm(r.measured(), "%,.0f"),
        unit,
        boundName,
        mmm(r.bound(), "%,.0f"),
        unit,
        mmm(r.ratios(), "%.2f"),
        goal,
        r.met() ? "met" : "MISSED");
  }

  private void heapRow(String name, HeapProbe.Peak p, int users) {
    double mb = p.sampledLive() / 1048576.0;
    Row r =
        new Row(
            name,
            "MB",
            List.of(mb),
            "150 MB live",
            List.of(150.0),
            List.of(mb / 150.0),
            1.0,
            users);
    rows.add(r);
    out.printf(
        Locale.ROOT,
        "ROW | %s | peak live %.0f MB (full GC every %d ms; %d samples), at most %.0f MB after any"
            + " GC in it | bound 150 MB | ratio %.2f | %s%n",
        name,
        mb,
        HeapProbe.SAMPLE_MS,
        p.samples(),
        p.afterAnyGc() / 1048576.0,
        mb / 150.0,
        r.met() ? "met" : "MISSED");
  }

  private static String mmm(List<Double> v, String format) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Comparator.naturalOrder());
    return String.format(
        Locale.ROOT,
        format + " / " + format + " / " + format,
        s.get(0),
        s.get(s.size() / 2),
        s.get(s.size() - 1));
  }

  /** Something timed. */
  @FunctionalInterface
  interface Timed {
    void run() throws Exception;
  }

  /**
   * {@link #warmups} warm-up rounds of each, then {@code rounds} rounds of measured and bound,
   * alternating which goes first.
   */
  private Series alternate(int rounds, Timed measured, Timed bound) throws Exception {
    for (int i = 0; i < warmups; i++) {
      measured.run();
      bound.run();
    }
    List<Double> m = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      if (i % 2 == 0) {
        m.add(time(measured));
        b.add(time(bound));
      } else {
        b.add(time(bound));
        m.add(time(measured));
      }
    }
    return new Series(m, b);
  }

  private static double time(Timed t) throws Exception {
    System.gc();
    long t0 = System.nanoTime();
    t.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (var walk = Files.walk(p)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.delete(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** The rows printed so far, for a test. */
  List<Row> rows() {
    return List.copyOf(rows);
  }
}
