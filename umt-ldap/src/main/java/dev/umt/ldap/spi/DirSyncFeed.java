package dev.umt.ldap.spi;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.experimental.ActiveDirectoryDirSyncControl;
import dev.umt.PageCursor;
import dev.umt.TemporaryFailureException;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.TokenExpiredException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Active Directory's DirSync control ({@value ServerInfo#DIRSYNC_CONTROL}): a search of the whole
 * naming context (DirSync accepts no other base) with the cookie of the token; the domain
 * controller returns every object changed since, each once with the attributes that changed,
 * deleted objects as tombstones ({@code isDeleted}, {@code objectGUID} kept), and a new cookie per
 * page. Each changed object is read again by its objectGUID, so a user comes whole as {@code
 * findById} gives it.
 *
 * <p>Needs "Replicating Directory Changes" on the naming context (administrators hold it): without
 * it the server refuses DirSync and {@link LdapDirectoryReader#changeFeed()} falls back to the
 * {@link UsnFeed}. An account whose DirSync returns no tombstones cannot see deletions: Samba 4.17
 * hides them from a non-administrator that holds the right but not List Contents and Read Property
 * on {@code CN=Deleted Objects} (measured: a subtree delete of two users and their OU gave the
 * Administrator three tombstones and such an account none, with DirSync flags 0, 1 or {@code
 * 0x80000000}, with or without Show Deleted; an account granted LCRP there, as {@code dsacls /G
 * account:LCRP} does, got all three). Each read first looks for a tombstone with the Show Deleted
 * control, as the {@link UsnFeed} does, and refuses the token with a {@link TokenExpiredException}
 * saying so when it sees none, so the run is full (and deprovisions what is gone) instead of an
 * incremental run that reports no deletions. Blind spots of the directory, reported as they are: a
 * membership change shows as a change of the group only, and the users under a renamed OU are not
 * returned (the OU is). A cookie the server refuses (damaged, too old, another domain) is a {@link
 * TokenExpiredException}.
 *
 * <p>Token {@code dirsync.1~<naming context>~<cookie>}; the last change of each page carries the
 * page's cookie, the others the cookie the page started from (resuming reads them again, which is
 * harmless). Thread-safe.
 */
final class DirSyncFeed implements ChangeFeed {
  static final String KIND = "dirsync";
  private static final int VERSION = 1;
  private final FeedSupport support;

  DirSyncFeed(FeedSupport support) {
    this.support = support;
  }

  @Override
  public String kind() {
    return KIND;
  }

  private String namingContext() {
    String nc = support.pool.info().defaultNamingContext();
    return nc == null ? support.baseDn() : nc;
  }

  /** One DirSync page: the entries, the cookie after them and whether more follow. */
  private record Page(List<SearchResultEntry> entries, byte[] cookie, boolean more) {}

  private Page page(SearchRequest base, byte[] cookie, String doing) {
    SearchRequest request = base.duplicate();
    request.setControls(
        new ActiveDirectoryDirSyncControl(
            true, 0, 0, cookie == null ? null : new ASN1OctetString(cookie)));
    SearchResult result =
        support.pool.call(
            doing,
            c -> {
              try {
                return c.search(request);
              } catch (LDAPSearchException e) {
                if (cookie != null && refusal(e.getResultCode())) {
                  throw new TokenExpiredException(
                      "LDAP server "
                          + support.sourceKey()
                          + " refused the DirSync cookie of the token ("
                          + e.getResultCode()
                          + ": "
                          + e.getDiagnosticMessage()
                          + "): a full run is needed");
                }
                throw e;
              }
            });
    ActiveDirectoryDirSyncControl response;
    try {
      response = ActiveDirectoryDirSyncControl.get(result);
    } catch (LDAPException e) {
      throw new TemporaryFailureException(
          "LDAP server "
              + support.sourceKey()
              + " answered DirSync with a control that cannot be read: "
              + e.getMessage(),
          e);
    }
    if (response == null || response.getCookie() == null) {
      throw new TemporaryFailureException(
          "LDAP server "
              + support.sourceKey()
              + " answered DirSync without a cookie while "
              + doing);
    }
    return new Page(
        result.getSearchEntries(), response.getCookie().getValue(), response.getFlags() != 0);
  }

  private static boolean refusal(ResultCode rc) {
    // Samba answers a cookie it cannot read with unavailableCriticalExtension, though it advertises
    // DirSync.
    return rc == ResultCode.UNAVAILABLE_CRITICAL_EXTENSION
        || rc == ResultCode.PROTOCOL_ERROR
        || rc == ResultCode.OPERATIONS_ERROR
        || rc == ResultCode.UNWILLING_TO_PERFORM
        || rc == ResultCode.OTHER
        || rc == ResultCode.CONSTRAINT_VIOLATION
        || rc == ResultCode.INVALID_ATTRIBUTE_SYNTAX;
  }

  /**
   * A cookie for now, from a DirSync search of the naming context's own entry: the cookie carries
   * the controller's position, not the search, so later subtree reads start there.
   */
  @Override
  public String currentToken() {
    String nc = namingContext();
    SearchRequest request =
        new SearchRequest(
            nc,
            SearchScope.BASE,
            com.unboundid.ldap.sdk.Filter.createPresenceFilter("objectClass"),
            "objectGUID");
    Page p = page(request, null, "taking a DirSync cookie of " + nc);
    while (p.more()) {
      p = page(request, p.cookie(), "taking a DirSync cookie of " + nc);
    }
    return token(nc, p.cookie());
  }

  private String token(String nc, byte[] cookie) {
    return FeedTokens.encode(KIND, VERSION, nc, FeedTokens.bytes(cookie));
  }

  @Override
  public PageCursor<DirectoryChange> changesSince(String token) {
    List<String> fields = FeedTokens.decode(token, KIND, VERSION, 2, support.sourceKey());
    String nc = namingContext();
    if (!fields.get(0).equalsIgnoreCase(nc)) {
      throw new TokenExpiredException(
          "the DirSync token is of the naming context "
              + fields.get(0)
              + ", but "
              + support.sourceKey()
              + " serves "
              + nc
              + ": a full run is needed");
    }
    byte[] cookie = FeedTokens.bytes(fields.get(1), KIND);
    // Samba 4.17 hides tombstones from a non-administrator's DirSync without List Contents on
    // CN=Deleted Objects.
    support.requireTombstonesVisible(nc, "DirSync");
    Set<String> attributes = new LinkedHashSet<>(List.of(support.mapper.entryAttributes()));
    attributes.remove("memberOf"); // a back link: never replicated, so DirSync does not return it
    attributes.addAll(List.of("objectGUID", "objectClass", "isDeleted", "name", "member"));
    SearchRequest request =
        new SearchRequest(
            nc, SearchScope.SUB, support.watched(), attributes.toArray(String[]::new));
    FeedSupport.Batch batch = support.new Batch();
    String before = token;
    boolean more = true;
    while (more) {
      Page p = page(request, cookie, "reading the DirSync changes of " + nc);
      String after = token(nc, p.cookie());
      List<SearchResultEntry> entries = p.entries();
      for (int i = 0; i < entries.size(); i++) {
        SearchResultEntry e = entries.get(i);
        String t = i == entries.size() - 1 ? after : before;
        if ("TRUE".equalsIgnoreCase(e.getAttributeValue("isDeleted"))) {
          deleted(support, batch, e, t);
        } else {
          Optional<SearchResultEntry> now = support.byId(support.dialect.idOf(e));
          // Gone since: its tombstone comes in this read or the next.
          now.ifPresent(entry -> batch.changed(entry, t));
        }
      }
      FeedSupport.endWith(batch.changes, after);
      cookie = p.cookie();
      before = after;
      more = p.more();
    }
    return batch.cursor();
  }

  /**
   * A tombstone: reported by the kind its objectClass names, or as every kind when it names none.
   */
  static void deleted(
      FeedSupport support,
      FeedSupport.Batch batch,
      SearchResultEntry tombstone,
      String tokenAfter) {
    String id = support.dialect.idOf(tombstone);
    if (id == null) {
      return;
    }
    if (!tombstone.hasAttribute("objectClass")) {
      tombstone = support.tombstone(id).orElse(tombstone);
    }
    if (!tombstone.hasAttribute("objectClass")) {
      batch.deletedOfUnknownKind(id, tokenAfter);
    } else if (support.mapper.isGroup(tombstone)) {
      batch.changes.add(new DirectoryChange.GroupDeleted(id, tokenAfter));
    } else if (support.mapper.isUser(tombstone)) {
      batch.changes.add(new DirectoryChange.UserDeleted(id, tokenAfter));
    } else if (support.mapper.isContainer(tombstone)) {
      batch.changes.add(new DirectoryChange.ContainerDeleted(id, tokenAfter));
    }
  }

  /**
   * Why the bound account may not use DirSync, or null when it may: one DirSync read of the naming
   * context's entry. A refusal for rights (or any refusal of the control) is a reason; a server
   * that cannot be reached is thrown.
   */
  String refusal() {
    String nc = namingContext();
    SearchRequest request =
        new SearchRequest(
            nc,
            SearchScope.BASE,
            com.unboundid.ldap.sdk.Filter.createPresenceFilter("objectClass"),
            "objectGUID");
    request.setControls(new ActiveDirectoryDirSyncControl(true, 0, 0, null));
    return support.pool.call(
        "trying DirSync on " + nc,
        c -> {
          try {
            c.search(request);
            return null;
          } catch (LDAPSearchException e) {
            if (!ResultCode.isConnectionUsable(e.getResultCode())
                || e.getResultCode() == ResultCode.TIMEOUT) {
              throw e;
            }
            return "DirSync was refused to "
                + support.config.bind().describe()
                + " ("
                + e.getResultCode()
                + ": "
                + e.getDiagnosticMessage()
                + "; it needs \"Replicating Directory Changes\" on "
                + nc
                + ")";
          }
        });
  }
}
