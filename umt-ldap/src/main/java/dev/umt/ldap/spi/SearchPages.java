package dev.umt.ldap.spi;

import dev.umt.PageCursor.Skipped;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
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
  private final java.util.Deque<SizeLimitSplit.Part> parts = new java.util.ArrayDeque<>();
  private final int pageSize;
  private final Function<SearchResultEntry, List<String>> via;
  private final Supplier<GroupIndex> groupIndex;
  private final Set<String> seen = new HashSet<>();
  private final StringBuilder incomplete = new StringBuilder();
  private SizeLimitSplit.Part currentPart;
  private PagedSearch current;
  private GroupIndex usedIndex;

  /**
   * @param requests searches to run in order
   * @param descriptions what each search does, for messages
   * @param via the path that put a found user in scope
   * @param groupIndex direct groups by member, where the directory has no memberOf; may return null
   * @param initialIncompleteReason a reason known before reading (empty if none)
   */
  SearchPages(LdapPool pool, EntryMapper mapper, List<SearchRequest> requests, List<String> descriptions, int pageSize,
      Function<SearchResultEntry, List<String>> via, Supplier<GroupIndex> groupIndex, String initialIncompleteReason) {
    this.pool = pool;
    this.mapper = mapper;
    for (int i = 0; i < requests.size(); i++) {
      parts.add(SizeLimitSplit.Part.whole(requests.get(i), descriptions.get(i)));
    }
    this.pageSize = pageSize;
    this.via = via;
    this.groupIndex = groupIndex;
    addReason(initialIncompleteReason);
  }

  private void addReason(String reason) {
    if (reason != null && !reason.isEmpty()) {
      if (incomplete.length() > 0) {
        incomplete.append("; ");
      }
      incomplete.append(reason);
    }
  }

  @Override
  public List<ScopedUser> fetch() {
    if (current == null) {
      if (parts.isEmpty()) {
        return List.of();
      }
      currentPart = parts.poll();
      current = new PagedSearch(pool, currentPart.request(), pageSize, currentPart.describe());
    }
    List<SearchResultEntry> entries = current.nextPage();
    if (current.done()) {
      if (current.stoppedByServerSizeLimit()) {
        split();
      } else {
        addReason(current.incompleteReason());
      }
      current = null;
    }
    List<ScopedUser> page = new ArrayList<>(entries.size());
    GroupIndex index = null;
    for (SearchResultEntry e : entries) {
      if (!mapper.isUser(e) || !seen.add(EntryMapper.norm(e.getDN()))) {
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
      DirectoryUser user = mapper.toUser(e, groups == null ? null : groups::groupIdsOf);
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

  /** Runs smaller searches in place of the one the server's size limit stopped, or records why it cannot. */
  private void split() {
    SizeLimitSplit.Outcome outcome = SizeLimitSplit.split(pool, mapper.dialect(), currentPart, current.namingAttribute());
    if (outcome.parts() == null) {
      addReason(SizeLimitSplit.advice(pool, current.incompleteReason(), outcome.impossible()));
      return;
    }
    LOG.debug("{}; reading it as {} smaller searches", current.incompleteReason(), outcome.parts().size());
    List<SizeLimitSplit.Part> smaller = outcome.parts();
    for (int i = smaller.size() - 1; i >= 0; i--) {
      parts.addFirst(smaller.get(i));
    }
  }

  @Override
  public boolean exhausted() {
    return current == null && parts.isEmpty();
  }

  @Override
  public List<Skipped> skipped() {
    return skipped;
  }

  @Override
  public String incompleteReason() {
    StringBuilder b = new StringBuilder(incomplete);
    GroupIndex index = usedIndex;
    if (index != null && !index.incompleteReason().isEmpty() && b.indexOf(index.incompleteReason()) < 0) {
      if (b.length() > 0) {
        b.append("; ");
      }
      b.append(index.incompleteReason());
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (current != null) {
      current.close();
      addReason(current.incompleteReason());
      current = null;
    }
    parts.clear();
  }
}
