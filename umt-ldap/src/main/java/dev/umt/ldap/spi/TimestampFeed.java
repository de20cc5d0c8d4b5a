package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.StaticUtils;
import dev.umt.PageCursor;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.TokenExpiredException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Changes found by {@code modifyTimestamp}: every watched entry (user, group, container) whose
 * {@code modifyTimestamp} is at or after the token's start, less the entry versions the token says
 * were already delivered. For OpenLDAP without syncprov, 389-DS without content sync and
 * eDirectory. Needs read access to {@code modifyTimestamp} (and {@code entryCSN} where it exists).
 *
 * <p><b>Exactness.</b> Timestamps have a grain of a second and a change may become visible a little
 * after its timestamp, so each read starts an overlap window ({@value #WINDOW_SECONDS} s) before
 * the newest change it delivered, and the token remembers every entry version delivered inside that
 * window ({@code entryCSN}, else a hash of the entry's attributes): an entry read again unchanged
 * is not reported twice, an entry changed twice in one second is. The window also bounds the clock
 * difference between UMT's host and the directory: "now" for {@link #currentToken()} is UMT's
 * clock.
 *
 * <p><b>Blind spots.</b> A timestamp feed cannot see deletions (a deleted entry has no timestamp
 * left to find): the engine's periodic full run catches them. slapd's {@code refint} overlay
 * rewrites {@code member} values after a rename or delete without a new {@code modifyTimestamp}:
 * the renamed entry itself is reported, and for every changed user or group the groups that list it
 * now are reported as changed too.
 *
 * <p>Token {@code timestamp.1~<source>~<start, epoch seconds>~<id=version@second,...>}; every
 * change carries a token that resumes right after it (where the window holds more than {@value
 * #MAX_REMEMBERED} versions, the token it started from instead: resuming reads those changes again,
 * which is harmless). Thread-safe.
 */
final class TimestampFeed implements ChangeFeed {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TimestampFeed.class);
  static final String KIND = "timestamp";
  private static final int VERSION = 1;
  static final int WINDOW_SECONDS = 60;
  static final int MAX_REMEMBERED = 1000;
  private final FeedSupport support;
  private final Clock clock;
  private final Duration window;

  TimestampFeed(FeedSupport support, Clock clock) {
    this.support = support;
    this.clock = clock;
    this.window = Duration.ofSeconds(WINDOW_SECONDS);
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * An entry version the token remembers: its id, its entryCSN or attribute hash, and its timestamp
   * in epoch seconds.
   */
  private record Seen(String id, String version, long second) {
    String encode() {
      return id + "=" + version + "@" + second;
    }
  }

  /**
   * The window before now, with the versions changed in it. At most {@value #MAX_REMEMBERED} are
   * read: after a burst (a bulk load) the token remembers none, and the first read after it reports
   * the burst's last window again (harmless, and bounded), rather than a token of that size. A
   * partial read (size limit, referral) is logged and kept: the versions only keep entries from
   * being reported twice.
   */
  @Override
  public String currentToken() {
    long start = clock.instant().minus(window).getEpochSecond();
    List<Seen> seen = new ArrayList<>();
    PagedSearch search =
        new PagedSearch(
            support.pool,
            request(start),
            support.config.pageSize(),
            "reading the entries changed under "
                + support.baseDn()
                + " since "
                + Instant.ofEpochSecond(start));
    try {
      while (!search.done() && seen.size() <= MAX_REMEMBERED) {
        for (SearchResultEntry e : search.nextPage()) {
          Seen v = seen(e);
          if (v != null) {
            seen.add(v);
          }
        }
      }
    } finally {
      search.close();
    }
    if (seen.size() > MAX_REMEMBERED) {
      LOG.info(
          "more than {} entries of {} changed in the last {} s: the timestamp token remembers none,"
              + " and the next read reports them again",
          MAX_REMEMBERED,
          support.sourceKey(),
          window.getSeconds());
      return token(start, List.of());
    }
    if (!search.incompleteReason().isEmpty()) {
      LOG.warn(
          "the timestamp token of {} remembers only part of the last {} s ({}): those changes may"
              + " be reported again",
          support.sourceKey(),
          window.getSeconds(),
          search.incompleteReason());
    }
    return token(start, seen);
  }

  @Override
  public PageCursor<DirectoryChange> changesSince(String token) {
    List<String> fields = FeedTokens.decode(token, KIND, VERSION, 3, support.sourceKey());
    if (!fields.get(0).equals(support.sourceKey())) {
      throw new TokenExpiredException(
          "the timestamp token was taken from "
              + fields.get(0)
              + ", but this source reads "
              + support.sourceKey()
              + ": a full run is needed");
    }
    long start;
    Map<String, Seen> delivered = new HashMap<>();
    try {
      start = Long.parseLong(fields.get(1));
      for (String item : fields.get(2).split(",")) {
        if (item.isEmpty()) {
          continue;
        }
        int eq = item.indexOf('=');
        int at = item.lastIndexOf('@');
        Seen s =
            new Seen(
                item.substring(0, eq),
                item.substring(eq + 1, at),
                Long.parseLong(item.substring(at + 1)));
        delivered.put(s.id() + "=" + s.version(), s);
      }
    } catch (RuntimeException e) {
      throw new TokenExpiredException(
          "the timestamp token '"
              + FeedTokens.shorten(token)
              + "' is damaged ("
              + e
              + "): a full run is needed");
    }
    FeedSupport.Batch batch = support.new Batch();
    List<SearchResultEntry> fresh = new ArrayList<>();
    Map<SearchResultEntry, Seen> versions = new HashMap<>();
    for (SearchResultEntry e : since(start, batch.reasons)) {
      Seen s = seen(e);
      if (s != null && !delivered.containsKey(s.id() + "=" + s.version())) {
        fresh.add(e);
        versions.put(e, s);
      }
    }
    fresh.sort(
        Comparator.comparingLong((SearchResultEntry e) -> versions.get(e).second())
            .thenComparing(e -> versions.get(e).id()));
    // The versions inside the window, oldest first: what each token remembers.
    Deque<Seen> remembered = new ArrayDeque<>();
    delivered.values().stream()
        .sorted(Comparator.comparingLong(Seen::second))
        .forEach(remembered::add);
    long floor = start;
    for (int i = 0; i < fresh.size(); i++) {
      Seen s = versions.get(fresh.get(i));
      remembered.add(s);
      boolean lastOfSecond =
          i == fresh.size() - 1 || versions.get(fresh.get(i + 1)).second() > s.second();
      String after = token;
      if (lastOfSecond) {
        floor = Math.max(floor, s.second() - window.getSeconds());
        while (!remembered.isEmpty() && remembered.peekFirst().second() < floor) {
          remembered.pollFirst();
        }
        if (remembered.size() <= MAX_REMEMBERED || i == fresh.size() - 1) {
          after = token(floor, remembered);
        }
      }
      batch.changed(fresh.get(i), after);
    }
    if (!fresh.isEmpty()) {
      FeedSupport.endWith(batch.changes, token(floor, remembered));
    }
    return batch.cursor();
  }

  private String token(long start, java.util.Collection<Seen> seen) {
    StringBuilder b = new StringBuilder();
    Set<String> once = new LinkedHashSet<>();
    for (Seen s : seen) {
      if (s.second() >= start && once.add(s.encode())) {
        if (b.length() > 0) {
          b.append(',');
        }
        b.append(s.encode());
      }
    }
    return FeedTokens.encode(
        KIND, VERSION, support.sourceKey(), Long.toString(start), b.toString());
  }

  /**
   * The watched entries changed at or after {@code second}, with what a version is computed from,
   * read past a server size limit.
   */
  private List<SearchResultEntry> since(long second, List<String> reasons) {
    return support.readChanged(
        request(second),
        "reading the entries changed under "
            + support.baseDn()
            + " since "
            + Instant.ofEpochSecond(second),
        reasons);
  }

  private SearchRequest request(long second) {
    Filter changed =
        Filter.createGreaterOrEqualFilter(
            "modifyTimestamp", StaticUtils.encodeGeneralizedTime(new Date(second * 1000L)));
    Set<String> attributes = new LinkedHashSet<>(List.of(support.mapper.entryAttributes()));
    attributes.add("modifyTimestamp");
    attributes.add("entryCSN");
    return new SearchRequest(
        support.baseDn(),
        SearchScope.SUB,
        Filter.createANDFilter(support.watched(), changed),
        attributes.toArray(String[]::new));
  }

  /**
   * The version of {@code e}: its entryCSN, else a hash of its attributes; null without an id or a
   * timestamp.
   */
  private Seen seen(SearchResultEntry e) {
    String id = support.dialect.idOf(e);
    String ts = e.getAttributeValue("modifyTimestamp");
    if (id == null || ts == null) {
      return null;
    }
    Instant when;
    try {
      when = StaticUtils.decodeGeneralizedTime(ts).toInstant();
    } catch (java.text.ParseException ex) {
      return null;
    }
    String csn = e.getAttributeValue("entryCSN");
    return new Seen(
        id,
        csn != null ? csn.replace(',', '.').replace('=', '.').replace('@', '.') : hash(e),
        when.getEpochSecond());
  }

  private static String hash(SearchResultEntry e) {
    Map<String, List<String>> sorted = new TreeMap<>();
    for (Attribute a : e.getAttributes()) {
      List<String> values = new ArrayList<>();
      for (byte[] v : a.getValueByteArrays()) {
        values.add(StaticUtils.toHex(v));
      }
      values.sort(null);
      sorted.put(a.getName().toLowerCase(Locale.ROOT), values);
    }
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(e.getDN().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
      d.update(sorted.toString().getBytes(StandardCharsets.UTF_8));
      return StaticUtils.toHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from the JVM", ex);
    }
  }
}
