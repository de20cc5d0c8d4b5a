package dev.umt.ldap.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.PageCursor;
import dev.umt.PageCursor.Skipped;
import dev.umt.Secret;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.internal.GenericDialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pages handed over entry by entry ({@link PagedSearch#nextPage(java.util.function.Consumer)}):
 * entries reach the caller before the page's done result, the configured size limit keeps a prefix
 * of what was handed over and the read gives only that prefix's users and skips, a caller that
 * throws gets its exception once the page is read with the connection still good for the next page.
 * UnboundID's in-memory server, which holds the done result of a search back when asked.
 */
class StreamedPageTest {
  private static final String BASE = "dc=example,dc=test";
  private static final String PEOPLE = "ou=People," + BASE;

  private InMemoryDirectoryServer server;
  private LdapPool pool;
  private LdapDirectoryReader reader;

  /** While armed, holds a search's done result until {@link #entrySeen} is counted down. */
  private final HoldDone holdDone = new HoldDone();

  private static final class HoldDone extends InMemoryOperationInterceptor {
    volatile CountDownLatch entrySeen;
    final AtomicBoolean seenBeforeDone = new AtomicBoolean();

    @Override
    public void processSearchResult(InMemoryInterceptedSearchResult result) {
      CountDownLatch latch = entrySeen;
      if (latch == null || !result.getRequest().getBaseDN().equals(PEOPLE)) {
        return;
      }
      try {
        // Returns as soon as the caller got an entry; the bound only limits a failing run.
        seenBeforeDone.set(latch.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.addAdditionalBindCredentials("cn=Directory Manager", "secret");
    config.addInMemoryOperationInterceptor(holdDone);
    server = new InMemoryDirectoryServer(config);
    server.add("dn: " + BASE, "objectClass: domain", "dc: example");
    server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: People");
    // a1 to a3 have a login name (uid only, see config); b4 to b7 have none, so each is skipped.
    for (String cn : List.of("a1", "a2", "a3", "b4", "b5", "b6", "b7")) {
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "dn: cn=" + cn + "," + PEOPLE,
                  "objectClass: inetOrgPerson",
                  "cn: " + cn,
                  "sn: " + cn,
                  "mail: " + cn + "@example.test"));
      if (cn.startsWith("a")) {
        lines.add("uid: " + cn);
      }
      server.add(lines.toArray(String[]::new));
    }
    server.startListening();
  }

  @AfterEach
  void stop() {
    if (reader != null) {
      reader.close();
    }
    if (pool != null) {
      pool.close();
    }
    server.shutDown(true);
  }

  private LdapConfig config(int pageSize, int sizeLimit) {
    return LdapConfig.builder()
        .mapAttribute("loginName", "uid")
        .server("127.0.0.1", server.getListenPort())
        .security(LdapConfig.Security.NONE)
        .bind(Bind.simple("cn=Directory Manager", Secret.of("secret")))
        .allowSimpleBindWithoutEncryption(true)
        .baseDn(BASE)
        .pageSize(pageSize)
        .sizeLimit(sizeLimit)
        .connectTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(60))
        .build();
  }

  private PagedSearch search(int pageSize, int sizeLimit) {
    pool = new LdapPool(config(pageSize, sizeLimit));
    return new PagedSearch(
        pool,
        new SearchRequest(PEOPLE, SearchScope.ONE, Filter.createPresenceFilter("cn"), "cn"),
        pageSize,
        "reading the people");
  }

  private static List<String> cns(List<SearchResultEntry> entries) {
    return entries.stream().map(e -> e.getAttributeValue("cn")).toList();
  }

  @Test
  void entriesReachTheCallerBeforeThePageIsDone() {
    try (PagedSearch search = search(3, 0)) {
      pool.pool(); // connected, its root DSE read
      CountDownLatch seen = new CountDownLatch(1);
      holdDone.entrySeen = seen;
      List<SearchResultEntry> handed = new ArrayList<>();
      int kept =
          search.nextPage(
              e -> {
                handed.add(e);
                seen.countDown();
              });
      holdDone.entrySeen = null;
      assertThat(holdDone.seenBeforeDone).isTrue();
      assertThat(kept).isEqualTo(3);
      assertThat(cns(handed)).containsExactly("a1", "a2", "a3");
      assertThat(search.done()).isFalse();
      assertThat(search.incompleteReason()).isEmpty();
    }
  }

  @Test
  void theConfiguredSizeLimitKeepsThePrefixUnderIt() {
    try (PagedSearch search = search(3, 5)) {
      List<SearchResultEntry> first = new ArrayList<>();
      assertThat(search.nextPage(first::add)).isEqualTo(3);
      List<SearchResultEntry> second = new ArrayList<>();
      int kept = search.nextPage(second::add);
      assertThat(cns(second)).containsExactly("b4", "b5", "b6");
      assertThat(kept).isEqualTo(2);
      assertThat(search.done()).isTrue();
      assertThat(search.incompleteReason())
          .isEqualTo("reading the people stopped at the configured size limit of 5 entries");
    }
    // The list form gives the same prefix.
    pool.close();
    try (PagedSearch search = search(3, 5)) {
      assertThat(cns(search.nextPage())).containsExactly("a1", "a2", "a3");
      assertThat(cns(search.nextPage())).containsExactly("b4", "b5");
      assertThat(search.done()).isTrue();
    }
  }

  @Test
  void aCallerThatThrowsGetsItOnceThePageIsReadAndTheNextPageStillComes() {
    try (PagedSearch search = search(3, 0)) {
      IllegalStateException boom = new IllegalStateException("boom");
      List<String> handed = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  search.nextPage(
                      e -> {
                        handed.add(e.getAttributeValue("cn"));
                        if (handed.size() == 2) {
                          throw boom;
                        }
                      }))
          .isSameAs(boom);
      assertThat(handed).containsExactly("a1", "a2");
      assertThat(search.done()).isFalse();
      // The first page's replies were all read: the second page is the next three entries.
      assertThat(cns(search.nextPage())).containsExactly("b4", "b5", "b6");
      assertThat(cns(search.nextPage())).containsExactly("b7");
      assertThat(search.done()).isTrue();
      assertThat(search.incompleteReason()).isEmpty();
    }
  }

  @Test
  void theUsersAndSkipsOfEntriesAPageDropsAreNotGiven() {
    reader = new LdapDirectoryReader(config(3, 5), new GenericDialect());
    String peopleId = reader.findByDn(PEOPLE).orElseThrow().id();
    Scope scope = Scope.container(peopleId, PEOPLE, true);
    List<String> logins = new ArrayList<>();
    try (PageCursor<ScopedUser> cursor = reader.users(scope, 3)) {
      while (cursor.hasNext()) {
        cursor.next().forEach(u -> logins.add(u.user().loginName()));
      }
      assertThat(logins).containsExactly("a1", "a2", "a3");
      // b6 was handed over with the second page but is over the limit: not skipped, not given.
      assertThat(cursor.skipped())
          .containsExactly(
              new Skipped(
                  "cn=b4," + PEOPLE,
                  "user cn=b4," + PEOPLE + " has no login name (uid) and is skipped"),
              new Skipped(
                  "cn=b5," + PEOPLE,
                  "user cn=b5," + PEOPLE + " has no login name (uid) and is skipped"));
      assertThat(cursor.incompleteReason())
          .isEqualTo(
              "reading the users of "
                  + scope.describe()
                  + " stopped at the configured size limit of 5 entries");
    }
  }
}
