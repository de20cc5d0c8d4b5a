package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.umt.PageCursor.Skipped;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.ScopedUser;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** The users given so far: the id of each, or its DN ({@link DnKey}) where it has none. */
  private final Set<Object> seen = new HashSet<>();

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

  /**
   * The next page's users, each mapped as its entry arrives ({@link
   * SplittingSearch#nextPage(java.util.function.Consumer)}), so the mapping overlaps the
   * connection's reading of the entries after it. What a page gives is what mapping its entries
   * after the whole page arrived would give: the users of the entries the page keeps, in the
   * server's order, each once; the entries a page drops leave no trace (not in {@link #skipped()},
   * not remembered as seen, nothing logged). A mapping that throws is thrown once the page is read.
   */
  @Override
  public List<ScopedUser> fetch() {
    Page page = new Page();
    int kept;
    try {
      kept = search.nextPage(page::accept);
    } catch (RuntimeException e) {
      page.forget();
      throw e;
    }
    return page.commit(kept);
  }

  /**
   * One page's entries, mapped as they arrive and kept aside until the page is done: the users and
   * skips are given, the ids forgotten again, by {@link #commit(int)}. Not thread-safe (the SDK
   * calls {@link #accept} on the thread reading the page).
   */
  private final class Page {
    /** The users, in order; with the place of each one's entry in the page. */
    private final List<ScopedUser> users = new ArrayList<>();

    private final Ordinals userOrdinals = new Ordinals();

    /** The ids first remembered by this page (in {@code seen}), with their entries' places. */
    private final List<Object> keys = new ArrayList<>();

    private final Ordinals keyOrdinals = new Ordinals();

    /** The skips, in order; with their entries' places. */
    private final List<Skipped> skips = new ArrayList<>(0);

    private final Ordinals skipOrdinals = new Ordinals();

    private int received;
    private GroupIndex index;
    private int indexFrom = -1;
    private RuntimeException failure;

    void accept(SearchResultEntry e) {
      int ordinal = received++;
      if (failure != null) {
        return;
      }
      try {
        map(e, ordinal);
      } catch (RuntimeException x) {
        failure = x;
      }
    }

    private void map(SearchResultEntry e, int ordinal) {
      if (!mapper.isUser(e)) {
        return;
      }
      // Two reads of one user are told apart by its id (no DN to normalise), else by its DN.
      String id = mapper.dialect().idOf(e);
      Object key = id != null ? id : new DnKey(EntryMapper.normalizedDn(e));
      if (!seen.add(key)) {
        return;
      }
      keys.add(key);
      keyOrdinals.add(ordinal);
      List<String> path = via.apply(e);
      if (path == null || path.isEmpty()) {
        return;
      }
      if (index == null && mapper.memberOfAttribute() == null) {
        index = groupIndex.get();
        indexFrom = ordinal;
      }
      GroupIndex groups = index;
      DirectoryUser user = mapper.toUser(e, id, groups == null ? null : groups::groupIdsOf);
      if (user == null) {
        skips.add(new Skipped(e.getDN(), mapper.lastSkipReason.get()));
        skipOrdinals.add(ordinal);
        return;
      }
      users.add(new ScopedUser(user, path));
      userOrdinals.add(ordinal);
    }

    /** Forgets the ids of the page's entries: the page failed as a whole. */
    void forget() {
      keys.forEach(seen::remove);
    }

    /**
     * The users of the first {@code kept} entries; the ids of the rest are forgotten. Throws what a
     * mapping threw, the page's ids left as they are (the read fails).
     */
    List<ScopedUser> commit(int kept) {
      if (failure != null) {
        throw failure;
      }
      if (index != null && indexFrom < kept) {
        usedIndex = index;
      }
      int keptKeys = keyOrdinals.below(kept);
      if (keptKeys < keys.size()) {
        keys.subList(keptKeys, keys.size()).forEach(seen::remove);
      }
      for (Skipped skip : skips.subList(0, skipOrdinals.below(kept))) {
        LOG.warn("{}", skip.reason());
        skipped.add(skip);
      }
      int keptUsers = userOrdinals.below(kept);
      return keptUsers == users.size() ? users : new ArrayList<>(users.subList(0, keptUsers));
    }
  }

  /** A user without an id, remembered in {@code seen} by its normalised DN. */
  private record DnKey(String normalizedDn) {}

  /** Places of entries in a page, increasing. Not thread-safe. */
  private static final class Ordinals {
    private int[] values = new int[16];
    private int size;

    void add(int ordinal) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = ordinal;
    }

    /** How many are below {@code limit}: they come first. */
    int below(int limit) {
      if (size == 0 || values[size - 1] < limit) {
        return size;
      }
      int n = 0;
      while (n < size && values[n] < limit) {
        n++;
      }
      return n;
    }
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
