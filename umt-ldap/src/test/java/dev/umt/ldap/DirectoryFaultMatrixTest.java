package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.umt.PageCursor;
import dev.umt.Secret;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.ForwardingDirectorySource;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.ldap.AdStyleRanges;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.LdapFlavour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory part of the fault matrix (docs/reliability.md): each case runs {@link SyncEngine}
 * over the real LDAP source, on UnboundID's in-memory server reached through a {@link
 * LoopbackProxy} the test controls. A first, complete run leaves the ledger holding the managed
 * users; the fault is injected; the second run must suspend, revoke or delete nobody, leave every
 * account as it was, and say why in its report.
 */
class DirectoryFaultMatrixTest {
  private static final String BASE = "dc=example,dc=test";
  private static final String CORP = "ou=Corp," + BASE;
  private static final String BIG = "cn=Big Group,ou=Groups,ou=Corp," + BASE;

  @TempDir Path data;
  private final Set<Integer> droppedRanges = ConcurrentHashMap.newKeySet();

  /**
   * A per-search size limit the server imposes on every search (0: none), as slapd's olcSizeLimit
   * does.
   */
  private final java.util.concurrent.atomic.AtomicInteger serverSizeLimit =
      new java.util.concurrent.atomic.AtomicInteger();

  private InMemoryDirectoryServer server;
  private LoopbackProxy proxy;
  private InMemoryTarget target;
  private JsonFileStateStore store;

  @BeforeEach
  void start() throws Exception {
    server =
        Fixtures.start(
            LdapFlavour.GENERIC,
            c -> {
              c.setSchema(null);
              c.addInMemoryOperationInterceptor(new AdStyleRanges(500, true, droppedRanges));
              c.addInMemoryOperationInterceptor(
                  new com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor() {
                    @Override
                    public void processSearchRequest(
                        com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest
                            request) {
                      int limit = serverSizeLimit.get();
                      if (limit > 0) {
                        com.unboundid.ldap.sdk.SearchRequest limited =
                            request.getRequest().duplicate();
                        limited.setSizeLimit(limit);
                        request.setRequest(limited);
                      }
                    }
                  });
            });
    proxy = new LoopbackProxy(server.getListenPort());
    target = InMemoryTarget.builder().group("g-staff", "Staff", null).build();
    store = JsonFileStateStore.open(data);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    proxy.close();
    server.shutDown(true);
  }

  /** Plain LDAP through the proxy, bound as the manager; a 2 s response timeout. */
  private LdapConfig.Builder viaProxy() {
    return LdapConfig.builder()
        .server("127.0.0.1", proxy.port())
        .security(LdapConfig.Security.NONE)
        .bind(
            Bind.simple(EmbeddedDirectories.BIND_DN, Secret.of(EmbeddedDirectories.BIND_PASSWORD)))
        .allowSimpleBindWithoutEncryption(true)
        .baseDn(BASE)
        .connectTimeout(Duration.ofSeconds(2))
        .responseTimeout(Duration.ofSeconds(2));
  }

  /**
   * A full run (every run reads everything: the matrix is about full reads; incremental reads are
   * IncrementalRunTest's).
   */
  private SyncReport run(DirectorySource source, Rule rule) {
    return run(source, rule, SyncOptions.builder().pageSize(2).fullRunEveryRuns(0));
  }

  /**
   * A run on the default schedule, as a user's second run is: incremental where the change feed
   * serves the token.
   */
  private SyncReport runOnSchedule(DirectorySource source, Rule rule) {
    return run(source, rule, SyncOptions.builder().pageSize(2));
  }

  private SyncReport run(DirectorySource source, Rule rule, SyncOptions.Builder options) {
    return SyncEngine.builder()
        .source(source)
        .evaluator(new FirstRuleEvaluator())
        .target(target)
        .stateStore(store)
        .options(options.build())
        .build()
        .run(List.of(rule));
  }

  private Rule corpRule() {
    try (LdapDirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      DirectoryEntry corp = source.findByDn(CORP).orElseThrow();
      return Rule.builder("corp", "Everyone in Corp", Scope.container(corp.id(), corp.dn(), true))
          .group(GroupRef.path("Staff"))
          .build();
    }
  }

  private Rule bigGroupRule() {
    try (LdapDirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      DirectoryEntry big = source.findByDn(BIG).orElseThrow();
      return Rule.builder("big", "Big Group", Scope.group(big.id(), big.dn(), true))
          .group(GroupRef.path("Staff"))
          .build();
    }
  }

  /** The first run, complete: every account it made, as the target holds them. */
  private List<TargetAccount> baseline(Rule rule) {
    return baseline(rule, false);
  }

  /**
   * The baseline by a run on the default schedule when {@code onSchedule}: it leaves the directory
   * snapshot a later incremental run starts from (a run whose every run is full makes none).
   */
  private List<TargetAccount> baseline(Rule rule, boolean onSchedule) {
    try (LdapDirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      SyncReport first = onSchedule ? runOnSchedule(source, rule) : run(source, rule);
      assertThat(first.status()).as(first.reason()).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(first.sourceComplete()).isTrue();
    }
    assertThat(target.all()).isNotEmpty();
    assertThat(store.ledger()).hasSize(target.all().size());
    return target.all();
  }

  /**
   * Nobody suspended, revoked or deleted, nothing written: the target and the ledger are as the
   * baseline left them.
   */
  private void assertNothingTakenAway(SyncReport r, List<TargetAccount> before) {
    assertThat(target.all()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(target.writes()).as("the baseline's creates only").hasSize(before.size());
    assertThat(r.outcomes())
        .filteredOn(o -> o.step().kind().deprovisions())
        .noneMatch(o -> o.result() == StepOutcome.Result.DONE);
    assertThat(store.ledger()).hasSize(before.size());
  }

  /** A run held because the read was incomplete, its reason naming the cause. */
  private static void assertHeld(SyncReport r, String cause) {
    assertThat(r.status()).as(r.reason()).isEqualTo(SyncReport.Status.HELD);
    assertThat(r.sourceComplete()).isFalse();
    assertThat(r.reason())
        .startsWith("directory read incomplete, so nothing was deprovisioned: rule ")
        .contains(cause);
  }

  @Test
  void aConnectionCutInTheMiddleOfAPagedRead() {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    try (DirectorySource source =
        new AfterFirstPage(new LdapDirectorySource(viaProxy().build()), proxy::cut, () -> {})) {
      SyncReport r = run(source, corp);
      assertHeld(
          r,
          "rule corp: page 2 of reading the users of " + CORP + " (subtree) failed: server down");
      assertThat(r.reason()).endsWith("; 5 deprovisioning step(s) withheld");
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void aResponseTimeoutWhenTheServerStalls() {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    try (DirectorySource source =
        new AfterFirstPage(
            new LdapDirectorySource(viaProxy().build()), proxy::stall, proxy::resume)) {
      SyncReport r = run(source, corp);
      assertHeld(
          r,
          "rule corp: page 2 of reading the users of "
              + CORP
              + " (subtree) failed: timeout A client-side timeout was"
              + " encountered while waiting 2000ms for a response to search request");
      assertThat(r.reason()).endsWith("; 5 deprovisioning step(s) withheld");
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void aConfiguredSizeLimit() {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    try (DirectorySource source = new LdapDirectorySource(viaProxy().sizeLimit(3).build())) {
      SyncReport r = run(source, corp);
      assertHeld(
          r,
          "rule corp: reading the users of "
              + CORP
              + " (subtree) stopped at the configured size limit of 3 entries");
      assertThat(r.reason()).endsWith("; 4 deprovisioning step(s) withheld");
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void theServersSizeLimitIsReadPast() throws Exception {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    serverSizeLimit.set(3);
    try (DirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      SyncReport r = run(source, corp);
      assertThat(r.status()).as(r.reason()).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(r.sourceComplete())
          .as("every search split until it stayed under the limit")
          .isTrue();
      assertNothingTakenAway(r, before);
    }
  }

  /**
   * The same limit under an incremental run: the timestamp feed's read of what changed since the
   * token (the whole organisation, 1,600 bulk users included, created inside its overlap window) is
   * stopped at 3 entries. Split like a scope read it ran searches for more than 15 minutes; now the
   * feed refuses the token, naming the base and where the limit stopped it, and the run is full,
   * reading past the limit as the case above does.
   */
  @Test
  void theServersSizeLimitStopsAnIncrementalReadAndTheRunIsFull() throws Exception {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp, true);
    serverSizeLimit.set(3);
    try (DirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("timestamp");
      SyncReport r = runOnSchedule(source, corp);
      assertThat(r.status()).as(r.reason()).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(r.kind()).isEqualTo(SyncReport.Kind.FULL);
      assertThat(r.kindReason())
          .startsWith(
              "full: the feed's token expired: LDAP server 127.0.0.1:"
                  + proxy.port()
                  + "/"
                  + BASE
                  + " stopped reading the entries changed under "
                  + BASE
                  + " since ")
          .endsWith(
              " at its size limit for "
                  + Bind.simple(
                          EmbeddedDirectories.BIND_DN, Secret.of(EmbeddedDirectories.BIND_PASSWORD))
                      .describe()
                  + " after 3 entries: more entries changed than one search may return, and a"
                  + " change read is not split, so a full run (which splits each rule's read under"
                  + " the limit) is needed");
      assertThat(r.sourceComplete()).isTrue();
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void anUnchasedReferral() throws Exception {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    server.add(
        new Entry(
            "ou=Partners," + CORP,
            new Attribute("objectClass", "top", "referral", "extensibleObject"),
            new Attribute("ou", "Partners"),
            new Attribute("ref", "ldap://partners.example.test/ou=People,dc=partners,dc=test")));
    try (DirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      SyncReport r = run(source, corp);
      assertHeld(
          r,
          "rule corp: the server referred part of reading the users of "
              + CORP
              + " (subtree) to ldap://partners.example.test/ou=People,dc=partners,dc=test, and"
              + " referrals are not chased");
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void aMissingRangeOfALargeGroup() {
    Rule big = bigGroupRule();
    List<TargetAccount> before = baseline(big);
    droppedRanges.add(1000);
    try (DirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      SyncReport r = run(source, big);
      assertHeld(
          r,
          "rule big: range 1000-* of member of "
              + BIG
              + " is missing from the server's answer; 600 deprovisioning"
              + " step(s) withheld");
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void theRulesOuDeleted() throws Exception {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    server.deleteSubtree(CORP);
    try (DirectorySource source = new LdapDirectorySource(viaProxy().build())) {
      SyncReport r = run(source, corp);
      assertThat(r.status()).isEqualTo(SyncReport.Status.FAILED);
      assertThat(r.reason())
          .isEqualTo(
              "rule corp (Everyone in Corp) could not be read: the container with id "
                  + corp.source().id()
                  + " (last known as "
                  + CORP
                  + ") no longer exists under "
                  + BASE
                  + "; its rule cannot be read");
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void aWrongBaseDn() {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    try (DirectorySource source =
        new LdapDirectorySource(viaProxy().baseDn("ou=Nowhere," + BASE).build())) {
      SyncReport r = run(source, corp);
      assertThat(r.status()).isEqualTo(SyncReport.Status.FAILED);
      assertThat(r.reason())
          .isEqualTo(
              "rule corp (Everyone in Corp) could not be read: the DN does not exist on LDAP server"
                  + " 127.0.0.1:"
                  + proxy.port()
                  + " while looking up the entry with id "
                  + corp.source().id()
                  + " under ou=Nowhere,"
                  + BASE
                  + " (the nearest existing entry is "
                  + BASE
                  + ")");
      assertNothingTakenAway(r, before);
    }
  }

  @Test
  void aSwitchToTheNextServerInServers() {
    Rule corp = corpRule();
    List<TargetAccount> before = baseline(corp);
    proxy.refuse();
    // The first server is down; the second of servers answers (the same directory, reached
    // directly).
    try (DirectorySource source =
        new LdapDirectorySource(viaProxy().server("127.0.0.1", server.getListenPort()).build())) {
      SyncReport r = run(source, corp);
      assertThat(r.status()).as(r.reason()).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(r.sourceComplete()).isTrue();
      assertNothingTakenAway(r, before);
    }
  }

  /**
   * A source that runs {@code fault} once its first page of users was handed out, and {@code after}
   * when that cursor closes.
   */
  private static final class AfterFirstPage extends ForwardingDirectorySource {
    private final Runnable fault;
    private final Runnable after;

    AfterFirstPage(DirectorySource delegate, Runnable fault, Runnable after) {
      super(delegate);
      this.fault = fault;
      this.after = after;
    }

    @Override
    public PageCursor<ScopedUser> users(Scope scope, int pageSize) {
      PageCursor<ScopedUser> cursor = delegate().users(scope, pageSize);
      return new PageCursor<>() {
        private boolean first = true;

        @Override
        public boolean hasNext() {
          return cursor.hasNext();
        }

        @Override
        public List<ScopedUser> next() {
          List<ScopedUser> page = cursor.next();
          if (first) {
            first = false;
            fault.run();
          }
          return page;
        }

        @Override
        public boolean isComplete() {
          return cursor.isComplete();
        }

        @Override
        public String incompleteReason() {
          return cursor.incompleteReason();
        }

        @Override
        public List<Skipped> skipped() {
          return cursor.skipped();
        }

        @Override
        public void close() {
          cursor.close();
          after.run();
        }
      };
    }
  }
}
