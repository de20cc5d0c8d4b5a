package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.PageCursor;
import dev.umt.TemporaryFailureException;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.TokenExpiredException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active Directory's update sequence numbers, for accounts without the right DirSync needs: the
 * watched entries whose {@code uSNChanged} is above the token's and at most the domain controller's
 * {@code highestCommittedUSN} read at the start (a change committed during the read waits for the
 * next one, so none is skipped), and the tombstones in the same range, read with the Show Deleted
 * control ({@value #SHOW_DELETED}; tombstones keep {@code objectGUID} and {@code objectClass}).
 * USNs are local to one domain controller: the token names the controller's {@code dsServiceName}
 * and {@code invocationId} (which changes when it is restored), and another or a restored
 * controller refuses the token.
 *
 * <p>Blind spots of the directory, reported as they are: a membership change moves only the group's
 * {@code uSNChanged} (the feed reports the group), and the users under a renamed or moved OU keep
 * theirs (the feed reports the OU; the engine reads its subtree). Needs read access to the naming
 * context and List Contents and Read Property on {@code CN=Deleted Objects} for deletions. A plain
 * domain user lacks the latter, on Microsoft AD as on Samba, and sees no tombstone: then a read of
 * anything that changed refuses the token with a {@link TokenExpiredException} saying so, as the
 * {@link DirSyncFeed} does, so the run is full and deprovisions what is gone (a read of no change
 * at all is whole and returns nothing).
 *
 * <p>Token {@code usn.1~<dsServiceName>~<invocationId>~<usn>}; each change carries the USN it was
 * made at, the last one the highest committed USN read. Thread-safe.
 */
final class UsnFeed implements ChangeFeed {
  static final String KIND = "usn";
  static final String SHOW_DELETED = "1.2.840.113556.1.4.417";
  private static final int VERSION = 1;
  private static final Logger LOG = LoggerFactory.getLogger(UsnFeed.class);
  private final FeedSupport support;

  UsnFeed(FeedSupport support) {
    this.support = support;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Where the USNs come from and how far they go, read fresh from the root DSE. */
  record Controller(String dsServiceName, String invocationId, long highestCommittedUsn) {}

  /** The domain controller this source talks to now. */
  Controller controller() {
    SearchResultEntry root =
        support.pool.call(
            "reading the root DSE of " + support.sourceKey(),
            c -> c.getEntry("", "highestCommittedUSN", "dsServiceName"));
    String service = root == null ? null : root.getAttributeValue("dsServiceName");
    Long usn = root == null ? null : root.getAttributeValueAsLong("highestCommittedUSN");
    if (service == null || usn == null) {
      throw new TemporaryFailureException(
          "LDAP server "
              + support.sourceKey()
              + " did not give highestCommittedUSN and dsServiceName in its root DSE");
    }
    SearchResultEntry settings =
        support.pool.read(service, "reading the invocationId of " + service, "invocationId");
    byte[] invocation = settings == null ? null : settings.getAttributeValueBytes("invocationId");
    if (invocation == null || invocation.length != 16) {
      throw new TemporaryFailureException(
          "cannot read the invocationId of "
              + service
              + " on "
              + support.sourceKey()
              + ": the USN feed needs it to tell a restored domain controller");
    }
    return new Controller(service, Guids.fromMicrosoftBytes(invocation), usn);
  }

  @Override
  public String currentToken() {
    Controller now = controller();
    return token(now, now.highestCommittedUsn());
  }

  private String token(Controller c, long usn) {
    return FeedTokens.encode(
        KIND, VERSION, c.dsServiceName(), c.invocationId(), Long.toString(usn));
  }

  @Override
  public PageCursor<DirectoryChange> changesSince(String token) {
    List<String> fields = FeedTokens.decode(token, KIND, VERSION, 3, support.sourceKey());
    long from;
    try {
      from = Long.parseLong(fields.get(2));
    } catch (NumberFormatException e) {
      throw new TokenExpiredException(
          "the usn token '" + FeedTokens.shorten(token) + "' holds no USN: a full run is needed");
    }
    Controller now = controller();
    if (!now.dsServiceName().equalsIgnoreCase(fields.get(0))
        || !now.invocationId().equalsIgnoreCase(fields.get(1))) {
      throw new TokenExpiredException(
          "the usn token was taken from domain controller "
              + fields.get(0)
              + " (invocationId "
              + fields.get(1)
              + "), but "
              + support.sourceKey()
              + " is "
              + now.dsServiceName()
              + " (invocationId "
              + now.invocationId()
              + "): USNs of another or a restored controller do not compare, a full run is needed");
    }
    if (from > now.highestCommittedUsn()) {
      throw new TokenExpiredException(
          "the usn token is at USN "
              + from
              + ", beyond the highest committed USN "
              + now.highestCommittedUsn()
              + " of "
              + now.dsServiceName()
              + ": a full run is needed");
    }
    FeedSupport.Batch batch = support.new Batch();
    if (from == now.highestCommittedUsn()) {
      return batch.cursor();
    }
    String nc = support.baseDn();
    // Tombstones live in CN=Deleted Objects of the domain, never under an OU the base may name.
    String domain =
        support.pool.info().defaultNamingContext() == null
            ? nc
            : support.pool.info().defaultNamingContext();
    boolean showDeleted = support.pool.info().supportsControl(SHOW_DELETED);
    if (showDeleted) {
      support.requireTombstonesVisible(domain, "The USN feed");
    }
    Filter range =
        Filter.createANDFilter(
            Filter.createGreaterOrEqualFilter("uSNChanged", Long.toString(from + 1)),
            Filter.createLessOrEqualFilter("uSNChanged", Long.toString(now.highestCommittedUsn())));
    List<String> attributes = new ArrayList<>(List.of(support.mapper.entryAttributes()));
    attributes.add("uSNChanged");
    List<SearchResultEntry> changed =
        new ArrayList<>(
            support.readChanged(
                new SearchRequest(
                    nc,
                    SearchScope.SUB,
                    Filter.createANDFilter(support.watched(), range),
                    attributes.toArray(String[]::new)),
                "reading the entries changed under " + nc + " after USN " + from,
                batch.reasons));
    List<SearchResultEntry> deleted = List.of();
    if (showDeleted) {
      SearchRequest tombstones =
          new SearchRequest(
              domain,
              SearchScope.SUB,
              Filter.createANDFilter(Filter.createEqualityFilter("isDeleted", "TRUE"), range),
              "objectGUID",
              "objectClass",
              "uSNChanged");
      tombstones.addControl(new Control(SHOW_DELETED, true));
      deleted =
          support.readAll(
              tombstones,
              "reading the objects deleted under " + domain + " after USN " + from,
              batch.reasons);
    } else {
      LOG.warn(
          "{} does not advertise the Show Deleted control: the USN feed cannot see deletions",
          support.sourceKey());
    }
    java.util.Set<SearchResultEntry> isTombstone =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    isTombstone.addAll(deleted);
    List<SearchResultEntry> all = new ArrayList<>(changed);
    all.addAll(deleted);
    all.sort(
        Comparator.comparingLong(
            e ->
                e.getAttributeValueAsLong("uSNChanged") == null
                    ? 0L
                    : e.getAttributeValueAsLong("uSNChanged")));
    for (SearchResultEntry e : all) {
      Long usn = e.getAttributeValueAsLong("uSNChanged");
      String after = token(now, usn == null ? from : usn);
      if (isTombstone.contains(e)) {
        DirSyncFeed.deleted(support, batch, e, after);
      } else {
        batch.changed(e, after);
      }
    }
    FeedSupport.endWith(batch.changes, token(now, now.highestCommittedUsn()));
    return batch.cursor();
  }
}
