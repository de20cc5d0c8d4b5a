package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.PageCursor.Skipped;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.TokenExpiredException;
import dev.umt.ldap.LdapConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every LDAP change feed shares: the reader's pool, mapper and dialect, the filter of the
 * entries a feed watches (users, groups, containers), and turning a changed entry into {@link
 * DirectoryChange}s. Thread-safe.
 */
final class FeedSupport {
  private static final Logger LOG = LoggerFactory.getLogger(FeedSupport.class);
  final LdapPool pool;
  final EntryMapper mapper;
  final Dialect dialect;
  final LdapConfig config;
  private final Supplier<String> baseDn;
  private final Supplier<Supplier<GroupIndex>> groupScan;

  FeedSupport(
      LdapPool pool,
      EntryMapper mapper,
      Dialect dialect,
      Supplier<String> baseDn,
      Supplier<Supplier<GroupIndex>> groupScan) {
    this.pool = pool;
    this.mapper = mapper;
    this.dialect = dialect;
    this.config = pool.config();
    this.baseDn = baseDn;
    this.groupScan = groupScan;
  }

  String baseDn() {
    return baseDn.get();
  }

  /** Names the source in tokens and messages: its servers and base DN. */
  String sourceKey() {
    return config.servers().toString().replaceAll("[\\[\\]]", "") + "/" + baseDn();
  }

  /** Users, groups and containers: what a feed watches. */
  Filter watched() {
    return Filter.createORFilter(
        dialect.userFilter(), dialect.groupFilter(), dialect.containerFilter());
  }

  /**
   * Whether the bound account can list any tombstone: a domain always holds some (provisioning
   * leaves them), and Active Directory and Samba hide them from accounts without List Contents on
   * {@code CN=Deleted Objects} without an error, so an empty answer means they are hidden.
   */
  boolean tombstonesVisible(String nc) {
    SearchRequest request =
        new SearchRequest(
            nc, SearchScope.SUB, Filter.createEqualityFilter("isDeleted", "TRUE"), "1.1");
    request.setSizeLimit(5);
    request.addControl(new com.unboundid.ldap.sdk.Control(UsnFeed.SHOW_DELETED, true));
    return pool.call(
        "looking for tombstones under " + nc,
        c -> {
          List<SearchResultEntry> found;
          try {
            found = c.search(request).getSearchEntries();
          } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
            if (e.getResultCode() != com.unboundid.ldap.sdk.ResultCode.SIZE_LIMIT_EXCEEDED) {
              throw e;
            }
            found = e.getSearchEntries();
          }
          // The Deleted Objects container is itself marked deleted, and visible to everyone.
          return found.stream()
              .anyMatch(e -> !e.getDN().regionMatches(true, 0, "CN=Deleted Objects,", 0, 19));
        });
  }

  /**
   * Refuses the token when the bound account sees no tombstone under {@code nc}: an incremental
   * read would then miss every deletion, so the run must be full (it deprovisions what is gone).
   * One search with the Show Deleted control; {@code feed} names the read in the message.
   *
   * @throws TokenExpiredException naming the feed, the source, the account and the right it lacks
   */
  void requireTombstonesVisible(String nc, String feed) {
    if (!tombstonesVisible(nc)) {
      throw new TokenExpiredException(
          feed
              + " on "
              + sourceKey()
              + " shows "
              + config.bind().describe()
              + " no tombstone under "
              + nc
              + " (seeing deletions needs List Contents and Read Property on CN=Deleted Objects,"
              + " which administrators hold), so an incremental read would miss every deletion: a"
              + " full run is needed");
    }
  }

  /** The live entry with this id (read with {@link EntryMapper#entryAttributes()}), if any. */
  java.util.Optional<SearchResultEntry> byId(String id) {
    return one(id, false);
  }

  /**
   * The tombstone of the deleted object with this id (its objectClass), read with the Show Deleted
   * control, if any.
   */
  java.util.Optional<SearchResultEntry> tombstone(String id) {
    if (!pool.info().supportsControl(UsnFeed.SHOW_DELETED)) {
      return java.util.Optional.empty();
    }
    return one(id, true);
  }

  private java.util.Optional<SearchResultEntry> one(String id, boolean deleted) {
    java.util.Optional<Filter> filter =
        id == null ? java.util.Optional.empty() : dialect.idFilter(id);
    if (filter.isEmpty()) {
      return java.util.Optional.empty();
    }
    String[] attributes =
        deleted
            ? new String[] {"objectGUID", "objectClass", "isDeleted"}
            : mapper.entryAttributes();
    SearchRequest request = new SearchRequest(baseDn(), SearchScope.SUB, filter.get(), attributes);
    request.setSizeLimit(1);
    if (deleted) {
      request.addControl(new com.unboundid.ldap.sdk.Control(UsnFeed.SHOW_DELETED, true));
    }
    return pool.call(
        "reading the " + (deleted ? "tombstone" : "entry") + " with id " + id,
        c -> {
          try {
            return c.search(request).getSearchEntries().stream().findFirst();
          } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
            if (e.getResultCode() == com.unboundid.ldap.sdk.ResultCode.SIZE_LIMIT_EXCEEDED) {
              return e.getSearchEntries().stream().findFirst();
            }
            throw e;
          }
        });
  }

  /**
   * Every entry a feed's change read {@code request} finds, paged but never split: the entries
   * changed since a token are found by a filter on a change stamp, which a split by naming
   * attribute cannot narrow, so with a small limit and many changes (a bulk load inside the overlap
   * window) a split ran tens of thousands of searches without end. Where the server's own size
   * limit stops the read, the token is refused instead, and the run is full: a full run reads each
   * rule's scope, split under the limit. Another reason the read is incomplete goes to {@code
   * reasons}.
   *
   * @throws TokenExpiredException when the server's size limit stopped the read, naming what was
   *     read, under which base, and after how many entries
   */
  List<SearchResultEntry> readChanged(SearchRequest request, String doing, List<String> reasons) {
    List<SearchResultEntry> out = new ArrayList<>();
    PagedSearch search = paged(request, doing, out);
    if (search.stoppedByServerSizeLimit()) {
      throw new TokenExpiredException(
          "LDAP server "
              + sourceKey()
              + " stopped "
              + doing
              + " at its size limit for "
              + config.bind().describe()
              + " after "
              + out.size()
              + " entries: more entries changed than one search may return, and a change read is"
              + " not split, so a full run (which splits each rule's read under the limit) is"
              + " needed");
    }
    if (!search.incompleteReason().isEmpty()) {
      reasons.add(search.incompleteReason());
    }
    return out;
  }

  /**
   * Reads every page of {@code request} into {@code out}, each entry once; returns the finished
   * search, to ask how it ended.
   */
  private PagedSearch paged(SearchRequest request, String doing, List<SearchResultEntry> out) {
    Set<String> seen = new HashSet<>();
    PagedSearch search = new PagedSearch(pool, request, config.pageSize(), doing);
    try {
      while (!search.done()) {
        for (SearchResultEntry e : search.nextPage()) {
          if (seen.add(EntryMapper.norm(e.getDN()))) {
            out.add(e);
          }
        }
      }
    } finally {
      search.close();
    }
    return search;
  }

  /**
   * Every entry of {@code request}, paged (split at a server size limit); the reason the read is
   * incomplete goes to {@code reasons}.
   */
  List<SearchResultEntry> readAll(SearchRequest request, String doing, List<String> reasons) {
    List<SearchResultEntry> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    if (request.hasControl()) {
      // A search with controls of its own (Show Deleted) is paged as it is: the size-limit split
      // would drop them.
      PagedSearch search = paged(request, doing, out);
      if (!search.incompleteReason().isEmpty()) {
        reasons.add(search.incompleteReason());
      }
      return out;
    }
    try (SplittingSearch search =
        new SplittingSearch(pool, dialect, List.of(request), List.of(doing), config.pageSize())) {
      while (!search.done()) {
        for (SearchResultEntry e : search.nextPage()) {
          if (seen.add(EntryMapper.norm(e.getDN()))) {
            out.add(e);
          }
        }
      }
      if (!search.incompleteReason().isEmpty()) {
        reasons.add(search.incompleteReason());
      }
    }
    return out;
  }

  /**
   * Gives the last change {@code finalToken}: it resumes after everything read (group reports may
   * follow the entry that was read last, with its token).
   */
  static void endWith(List<DirectoryChange> changes, String finalToken) {
    if (changes.isEmpty()) {
      return;
    }
    int last = changes.size() - 1;
    DirectoryChange c = changes.get(last);
    DirectoryChange fixed;
    if (c instanceof DirectoryChange.UserChanged u) {
      fixed = new DirectoryChange.UserChanged(u.user(), finalToken);
    } else if (c instanceof DirectoryChange.UserDeleted u) {
      fixed = new DirectoryChange.UserDeleted(u.userId(), finalToken);
    } else if (c instanceof DirectoryChange.GroupChanged g) {
      fixed = new DirectoryChange.GroupChanged(g.groupId(), g.dn(), finalToken);
    } else if (c instanceof DirectoryChange.GroupDeleted g) {
      fixed = new DirectoryChange.GroupDeleted(g.groupId(), finalToken);
    } else if (c instanceof DirectoryChange.ContainerChanged x) {
      fixed = new DirectoryChange.ContainerChanged(x.containerId(), x.dn(), finalToken);
    } else {
      fixed =
          new DirectoryChange.ContainerDeleted(
              ((DirectoryChange.ContainerDeleted) c).containerId(), finalToken);
    }
    changes.set(last, fixed);
  }

  /**
   * A batch of changes being read: entries turned into changes in order, skipped users recorded.
   * Not thread-safe.
   */
  final class Batch {
    final List<DirectoryChange> changes = new ArrayList<>();
    final List<Skipped> skipped = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    private final Set<String> groupsReported = new HashSet<>();
    private Supplier<GroupIndex> groups;

    Batch() {
      // As a scope read does: remembered DN-to-id lookups older than that may predate a rename.
      mapper.forgetIfOlderThan(java.time.Duration.ofMinutes(5));
    }

    /**
     * Adds the change {@code e} stands for (read with {@link EntryMapper#entryAttributes()}), with
     * {@code tokenAfter}. Where the server rewrites member lists silently (slapd's refint), the
     * groups that list a changed user or group now are reported too.
     */
    void changed(SearchResultEntry e, String tokenAfter) {
      String id = dialect.idOf(e);
      if (id == null) {
        return;
      }
      if (mapper.isGroup(e)) {
        group(id, e.getDN(), tokenAfter);
        alsoTheGroupsOf(e.getDN(), tokenAfter);
      } else if (mapper.isUser(e)) {
        if (groups == null) {
          groups = groupScan.get();
        }
        Supplier<GroupIndex> g = groups;
        DirectoryUser user =
            mapper.toUser(
                e, mapper.memberOfAttribute() == null ? dn -> g.get().groupIdsOf(dn) : null);
        if (user == null) {
          String why = mapper.lastSkipReason.get();
          LOG.warn("{}", why);
          skipped.add(new Skipped(e.getDN(), why));
          return;
        }
        changes.add(new DirectoryChange.UserChanged(user, tokenAfter));
        alsoTheGroupsOf(e.getDN(), tokenAfter);
      } else if (mapper.isContainer(e)) {
        mapper.remember(e);
        changes.add(new DirectoryChange.ContainerChanged(id, e.getDN(), tokenAfter));
      }
    }

    /** A group changed; reported once per batch. */
    void group(String id, String dn, String tokenAfter) {
      if (groupsReported.add(id)) {
        changes.add(new DirectoryChange.GroupChanged(id, dn, tokenAfter));
      }
    }

    /**
     * An entry of unknown kind was deleted (content sync names only its entryUUID): it is reported
     * as a deleted user, group and container, each harmless for an id the engine does not hold as
     * such.
     */
    void deletedOfUnknownKind(String id, String tokenAfter) {
      changes.add(new DirectoryChange.UserDeleted(id, tokenAfter));
      changes.add(new DirectoryChange.GroupDeleted(id, tokenAfter));
      changes.add(new DirectoryChange.ContainerDeleted(id, tokenAfter));
    }

    private void alsoTheGroupsOf(String dn, String tokenAfter) {
      if (!dialect.memberListsRewrittenSilently()) {
        return;
      }
      List<Filter> any = new ArrayList<>();
      for (String attribute : dialect.memberAttributes()) {
        any.add(Filter.createEqualityFilter(attribute, dn));
      }
      List<String> attributes = new ArrayList<>(dialect.idAttributes());
      attributes.add("objectClass");
      SearchRequest request =
          new SearchRequest(
              baseDn(),
              SearchScope.SUB,
              Filter.createANDFilter(dialect.groupFilter(), Filter.createORFilter(any)),
              attributes.toArray(String[]::new));
      for (SearchResultEntry g : readAll(request, "reading the groups that list " + dn, reasons)) {
        String gid = dialect.idOf(g);
        if (gid != null) {
          group(gid, g.getDN(), tokenAfter);
        }
      }
    }

    FeedCursor cursor() {
      return new FeedCursor(changes, String.join("; ", new LinkedHashSet<>(reasons)), skipped);
    }
  }
}
