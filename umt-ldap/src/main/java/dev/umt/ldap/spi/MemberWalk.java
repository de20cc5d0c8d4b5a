package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.PageCursor.Skipped;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.ScopedUser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of a group, read from its member list (with range retrieval) and, when nested,
 * breadth-first through the member groups. A loop guard visits each group once, so groups that
 * contain each other neither hang nor give a user twice. Works on every LDAP server.
 */
final class MemberWalk implements UserCursor.PageSource {
  private final List<Skipped> skipped = new ArrayList<>();
  private static final Logger LOG = LoggerFactory.getLogger(MemberWalk.class);

  private record Pending(String dn, List<String> via) {}

  private final LdapPool pool;
  private final Dialect dialect;
  private final EntryMapper mapper;
  private final boolean nested;
  private final int pageSize;
  private final Filter memberFilter;
  private final Supplier<GroupIndex> groupIndex;
  private final Deque<Pending> groups = new ArrayDeque<>();
  private final Set<String> visitedGroups = new HashSet<>();
  private final Set<String> seenUsers = new HashSet<>();
  private final List<String> reasons = new ArrayList<>();
  private Iterator<String> members;
  private List<String> via;
  private String currentGroup;
  private boolean closed;
  private GroupIndex usedIndex;

  /**
   * @param rootDn the scope's group, already resolved
   * @param userFilter users must match it (the dialect's user filter and any extra filters)
   */
  MemberWalk(
      LdapPool pool,
      Dialect dialect,
      EntryMapper mapper,
      String rootDn,
      boolean nested,
      int pageSize,
      Filter userFilter,
      Supplier<GroupIndex> groupIndex) {
    this.pool = pool;
    this.dialect = dialect;
    this.mapper = mapper;
    this.nested = nested;
    this.pageSize = pageSize;
    this.memberFilter = Filter.createORFilter(userFilter, dialect.groupFilter());
    this.groupIndex = groupIndex;
    visitedGroups.add(EntryMapper.norm(rootDn));
    groups.add(new Pending(rootDn, List.of(rootDn)));
  }

  @Override
  public List<ScopedUser> fetch() {
    List<ScopedUser> page = new ArrayList<>();
    while (page.size() < pageSize && !exhausted()) {
      if (members == null || !members.hasNext()) {
        Pending group = groups.poll();
        readMembers(group);
        continue;
      }
      String memberDn = members.next();
      SearchResultEntry entry = readMember(memberDn);
      if (entry == null) {
        continue;
      }
      if (mapper.isGroup(entry)) {
        if (nested && visitedGroups.add(EntryMapper.norm(entry.getDN()))) {
          List<String> path = new ArrayList<>(via);
          path.add(entry.getDN());
          groups.add(new Pending(entry.getDN(), List.copyOf(path)));
        }
        continue;
      }
      if (!mapper.isUser(entry) || !seenUsers.add(EntryMapper.norm(entry.getDN()))) {
        continue;
      }
      GroupIndex index = null;
      if (mapper.memberOfAttribute() == null) {
        index = groupIndex.get();
        usedIndex = index;
      }
      GroupIndex groupsOf = index;
      DirectoryUser user = mapper.toUser(entry, groupsOf == null ? null : groupsOf::groupIdsOf);
      if (user == null) {
        String why = mapper.lastSkipReason.get();
        LOG.warn("{}", why);
        skipped.add(new Skipped(entry.getDN(), why));
        continue;
      }
      page.add(new ScopedUser(user, via));
    }
    return page;
  }

  private void readMembers(Pending group) {
    currentGroup = group.dn();
    via = group.via();
    List<String> all = new ArrayList<>();
    boolean ranges = dialect.useRangeRetrieval(pool.info());
    for (String attribute : dialect.memberAttributes()) {
      RangeReader.Values values =
          RangeReader.read(pool, group.dn(), attribute, ranges, pool.config().rangeSize(), null);
      if (!values.incompleteReason().isEmpty()) {
        reasons.add(values.incompleteReason());
      }
      all.addAll(values.values());
    }
    members = all.iterator();
  }

  /** The member entry if it is a group, or a user that matches the filter; null otherwise. */
  private SearchResultEntry readMember(String dn) {
    String doing = "reading member " + dn + " of " + currentGroup;
    return pool.call(
        doing,
        c -> {
          try {
            // Not searchForEntry: it answers null for an entry that does not exist, and a dangling
            // member must be reported.
            List<SearchResultEntry> found =
                c.search(
                        new SearchRequest(
                            dn, SearchScope.BASE, memberFilter, mapper.userAttributes()))
                    .getSearchEntries();
            SearchResultEntry e = found.isEmpty() ? null : found.get(0);
            if (e != null) {
              mapper.remember(e);
            }
            return e;
          } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
              reasons.add(
                  "member " + dn + " of " + currentGroup + " does not exist or cannot be read");
              return null;
            }
            throw e;
          }
        });
  }

  @Override
  public boolean exhausted() {
    return closed || ((members == null || !members.hasNext()) && groups.isEmpty());
  }

  @Override
  public List<Skipped> skipped() {
    return skipped;
  }

  @Override
  public String incompleteReason() {
    List<String> all = new ArrayList<>(reasons);
    if (usedIndex != null && !usedIndex.incompleteReason().isEmpty()) {
      all.add(usedIndex.incompleteReason());
    }
    if (closed && !((members == null || !members.hasNext()) && groups.isEmpty()) && all.isEmpty()) {
      all.add("the read of the members of " + currentGroup + " was closed before its end");
    }
    return String.join("; ", new java.util.LinkedHashSet<>(all));
  }

  @Override
  public void close() {
    closed = true;
  }
}
