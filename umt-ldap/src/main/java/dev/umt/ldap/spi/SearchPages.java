package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.umt.PageCursor.Skipped;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.ScopedUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users from one or more searches run one after the other, each paged; a user found twice is given
 * once. A search the server's own size limit stops is split into smaller ones that together read
 * the same entries ({@link SizeLimitSplit}), run in its place; the read stays streamed.
 */
final class SearchPages implements UserCursor.PageSource {
  private final List<Skipped> skipped = new ArrayList<>();
  private static final Logger LOG = LoggerFactory.getLogger(SearchPages.class);
  private final LdapPool pool;
  private final EntryMapper mapper;
  private final Function<SearchResultEntry, List<String>> via;
  private final Supplier<GroupIndex> groupIndex;
  private final Set<String> seen = new HashSet<>();
  private final SplittingSearch search;
  private GroupIndex usedIndex;

  /**
   * @param requests searches to run in order
   * @param descriptions what each search does, for messages
   * @param via the path that put a found user in scope
   * @param groupIndex direct groups by member, where the directory has no memberOf; may return null
   * @param initialIncompleteReason a reason known before reading (empty if none)
   */
  SearchPages(
      LdapPool pool,
      EntryMapper mapper,
      List<SearchRequest> requests,
      List<String> descriptions,
      int pageSize,
      Function<SearchResultEntry, List<String>> via,
      Supplier<GroupIndex> groupIndex,
      String initialIncompleteReason) {
    this.pool = pool;
    this.mapper = mapper;
    this.search = new SplittingSearch(pool, mapper.dialect(), requests, descriptions, pageSize);
    this.via = via;
    this.groupIndex = groupIndex;
    search.addReason(initialIncompleteReason);
  }

  @Override
  public List<ScopedUser> fetch() {
    List<SearchResultEntry> entries = search.nextPage();
    List<ScopedUser> page = new ArrayList<>(entries.size());
    GroupIndex index = null;
    for (SearchResultEntry e : entries) {
      if (!mapper.isUser(e)) {
        continue;
      }
      // Two reads of one user are told apart by its id (no DN to normalise), else by its DN.
      String id = mapper.dialect().idOf(e);
      if (!seen.add(id != null ? "id:" + id : "dn:" + EntryMapper.normalizedDn(e))) {
        continue;
      }
      List<String> path = via.apply(e);
      if (path == null || path.isEmpty()) {
        continue;
      }
      if (index == null && mapper.memberOfAttribute() == null) {
        index = groupIndex.get();
        usedIndex = index;
      }
      GroupIndex groups = index;
      DirectoryUser user = mapper.toUser(e, id, groups == null ? null : groups::groupIdsOf);
      if (user == null) {
        String why = mapper.lastSkipReason.get();
        LOG.warn("{}", why);
        skipped.add(new Skipped(e.getDN(), why));
        continue;
      }
      page.add(new ScopedUser(user, path));
    }
    return page;
  }

  @Override
  public boolean exhausted() {
    return search.done();
  }

  @Override
  public List<Skipped> skipped() {
    return skipped;
  }

  @Override
  public String incompleteReason() {
    StringBuilder b = new StringBuilder(search.incompleteReason());
    GroupIndex index = usedIndex;
    if (index != null
        && !index.incompleteReason().isEmpty()
        && b.indexOf(index.incompleteReason()) < 0) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(index.incompleteReason());
    }
    return b.toString();
  }

  @Override
  public void close() {
    search.close();
  }
}
