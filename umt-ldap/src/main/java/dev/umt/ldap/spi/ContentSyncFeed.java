package dev.umt.ldap.spi;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.IntermediateResponse;
import com.unboundid.ldap.sdk.IntermediateResponseListener;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ContentSyncDoneControl;
import com.unboundid.ldap.sdk.controls.ContentSyncInfoIntermediateResponse;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestControl;
import com.unboundid.ldap.sdk.controls.ContentSyncRequestMode;
import com.unboundid.ldap.sdk.controls.ContentSyncState;
import com.unboundid.ldap.sdk.controls.ContentSyncStateControl;
import dev.umt.PageCursor;
import dev.umt.TemporaryFailureException;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.TokenExpiredException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * RFC 4533 content synchronisation in refresh-only mode (OpenLDAP's syncprov, 389-DS): one search
 * of the base DN with the sync request control and the cookie of the token; the server sends the
 * entries added or changed since (renamed and moved ones included) and, where it can, the
 * entryUUIDs of the deleted ones.
 *
 * <p>Deletions: with a session log covering the cookie ({@code olcSpSessionLog}) slapd names the
 * deleted entries and ends with {@code refreshDeletes=TRUE}; without one it runs a present phase
 * (the entries that still exist, {@code refreshDeletes=FALSE}), from which deletions can only be
 * told against a full list of what existed: the feed then throws {@link TokenExpiredException} so
 * the engine makes a full run, which sees them. A deleted entry is known only by its entryUUID: it
 * is reported as a deleted user, group and container at once.
 *
 * <p>Token {@code content-sync.1~<source>~<cookie>}. Every change but the last carries the token it
 * started from (the cookie comes only with the end of the refresh): resuming from it reads those
 * changes again, which is harmless. Blind spot: slapd's {@code refint} overlay rewrites {@code
 * member} values without a new entryCSN, so for every changed user or group the groups that list it
 * now are reported as changed as well. Needs read access to the base DN; nothing else. Thread-safe.
 */
final class ContentSyncFeed implements ChangeFeed {
  static final String KIND = "content-sync";
  private static final int VERSION = 1;
  private final FeedSupport support;

  ContentSyncFeed(FeedSupport support) {
    this.support = support;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * slapd's cookie ({@code rid=000,csn=...}) is its contextCSN, the same for any search of the
   * database: a base-scope refresh of the base DN yields it at the cost of one entry. A cookie of
   * another form (389-DS ties its cookie to the search) is taken with the watched search itself,
   * asking for no attributes.
   */
  @Override
  public String currentToken() {
    SearchRequest base =
        new SearchRequest(
            support.baseDn(),
            SearchScope.BASE,
            com.unboundid.ldap.sdk.Filter.createPresenceFilter("objectClass"),
            "1.1");
    Refresh r = refresh(base, null, "taking a content-sync cookie of " + support.baseDn());
    String text = r.cookie == null ? "" : r.cookie.stringValue();
    if (!(text.startsWith("rid=") && text.contains("csn="))) {
      SearchRequest watched =
          new SearchRequest(support.baseDn(), SearchScope.SUB, support.watched(), "1.1");
      r = refresh(watched, null, "taking a content-sync cookie of " + support.baseDn());
    }
    if (r.cookie == null) {
      throw new TemporaryFailureException(
          "LDAP server " + support.sourceKey() + " ended a content-sync refresh without a cookie");
    }
    return FeedTokens.encode(
        KIND, VERSION, support.sourceKey(), FeedTokens.bytes(r.cookie.getValue()));
  }

  @Override
  public PageCursor<DirectoryChange> changesSince(String token) {
    List<String> fields = FeedTokens.decode(token, KIND, VERSION, 2, support.sourceKey());
    if (!fields.get(0).equals(support.sourceKey())) {
      throw new TokenExpiredException(
          "the content-sync token was taken from "
              + fields.get(0)
              + ", but this source reads "
              + support.sourceKey()
              + ": a full run is needed");
    }
    ASN1OctetString cookie = new ASN1OctetString(FeedTokens.bytes(fields.get(1), KIND));
    SearchRequest request =
        new SearchRequest(
            support.baseDn(), SearchScope.SUB, support.watched(), support.mapper.entryAttributes());
    Refresh r =
        refresh(request, cookie, "reading the content-sync changes under " + support.baseDn());
    if (!r.refreshDeletes && (r.present > 0 || !r.entries.isEmpty())) {
      throw new TokenExpiredException(
          "LDAP server "
              + support.sourceKey()
              + " answered the content-sync cookie with a present phase (no session log covers it,"
              + " olcSpSessionLog): deletions since the token cannot be told, a full run is"
              + " needed");
    }
    String finalToken =
        r.cookie == null
            ? token
            : FeedTokens.encode(
                KIND, VERSION, support.sourceKey(), FeedTokens.bytes(r.cookie.getValue()));
    FeedSupport.Batch batch = support.new Batch();
    int total = r.entries.size() + r.deleted.size();
    int n = 0;
    for (UUID id : r.deleted) {
      n++;
      batch.deletedOfUnknownKind(
          id.toString().toLowerCase(Locale.ROOT), n == total ? finalToken : token);
    }
    for (SearchResultEntry e : r.entries) {
      n++;
      batch.changed(e, n == total ? finalToken : token);
    }
    FeedSupport.endWith(batch.changes, finalToken);
    return batch.cursor();
  }

  /** What one refresh returned. */
  private static final class Refresh {
    final List<SearchResultEntry> entries = new ArrayList<>();
    final List<UUID> deleted = new ArrayList<>();
    int present;
    boolean refreshDeletes;
    ASN1OctetString cookie;
  }

  private Refresh refresh(SearchRequest base, ASN1OctetString cookie, String doing) {
    Refresh r = new Refresh();
    List<LDAPException> problems = new ArrayList<>();
    SearchResultListener listener =
        new SearchResultListener() {
          private static final long serialVersionUID = 1L;

          @Override
          public void searchEntryReturned(SearchResultEntry e) {
            try {
              ContentSyncStateControl state = ContentSyncStateControl.get(e);
              if (state == null
                  || state.getState() == ContentSyncState.ADD
                  || state.getState() == ContentSyncState.MODIFY) {
                r.entries.add(e);
              } else if (state.getState() == ContentSyncState.DELETE) {
                r.deleted.add(state.getEntryUUID());
              } else {
                r.present++;
              }
              if (state != null && state.getCookie() != null) {
                r.cookie = state.getCookie();
              }
            } catch (LDAPException ex) {
              problems.add(ex);
            }
          }

          @Override
          public void searchReferenceReturned(SearchResultReference ref) {
            // Referrals are not chased: the feed reads one server.
          }
        };
    IntermediateResponseListener info =
        new IntermediateResponseListener() {
          private static final long serialVersionUID = 1L;

          @Override
          public void intermediateResponseReturned(IntermediateResponse response) {
            try {
              ContentSyncInfoIntermediateResponse i =
                  ContentSyncInfoIntermediateResponse.decode(response);
              if (i.getCookie() != null) {
                r.cookie = i.getCookie();
              }
              switch (i.getType()) {
                case SYNC_ID_SET -> {
                  if (i.refreshDeletes()) {
                    r.deleted.addAll(i.getEntryUUIDs());
                  } else {
                    r.present += i.getEntryUUIDs().size();
                  }
                }
                case REFRESH_DELETE -> r.refreshDeletes = true;
                default -> {}
              }
            } catch (LDAPException ex) {
              problems.add(ex);
            }
          }
        };
    SearchRequest request =
        new SearchRequest(
            listener,
            base.getBaseDN(),
            base.getScope(),
            base.getDereferencePolicy(),
            0,
            0,
            false,
            base.getFilter(),
            base.getAttributes());
    request.setIntermediateResponseListener(info);
    request.addControl(
        new ContentSyncRequestControl(true, ContentSyncRequestMode.REFRESH_ONLY, cookie, false));
    SearchResult result =
        support.pool.call(
            doing,
            c -> {
              try {
                return c.search(request);
              } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
                if (cookie != null && e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                  throw new TokenExpiredException(
                      "LDAP server "
                          + support.sourceKey()
                          + " has more changes since the content-sync token than its"
                          + " size limit lets "
                          + support.config.bind().describe()
                          + " read in one refresh ("
                          + e.getEntryCount()
                          + " entries returned): a full run, which pages, is needed");
                }
                if (cookie != null
                    && (e.getResultCode() == ResultCode.PROTOCOL_ERROR
                        || e.getResultCode() == ResultCode.OTHER
                        || e.getResultCode() == ResultCode.UNWILLING_TO_PERFORM
                        || e.getResultCode() == ResultCode.E_SYNC_REFRESH_REQUIRED)) {
                  throw new TokenExpiredException(
                      "LDAP server "
                          + support.sourceKey()
                          + " refused the content-sync cookie ("
                          + e.getResultCode()
                          + ": "
                          + e.getDiagnosticMessage()
                          + "): a full run is needed");
                }
                throw e;
              }
            });
    if (!problems.isEmpty()) {
      throw new TemporaryFailureException(
          "LDAP server "
              + support.sourceKey()
              + " sent a content-sync message that cannot be read while "
              + doing
              + ": "
              + problems.get(0).getMessage(),
          problems.get(0));
    }
    try {
      ContentSyncDoneControl done = ContentSyncDoneControl.get(result);
      if (done != null) {
        if (done.getCookie() != null) {
          r.cookie = done.getCookie();
        }
        r.refreshDeletes |= done.refreshDeletes();
      }
    } catch (LDAPException e) {
      throw new TemporaryFailureException(
          "LDAP server "
              + support.sourceKey()
              + " ended the content-sync refresh with a control that"
              + " cannot be read: "
              + e.getMessage(),
          e);
    }
    return r;
  }
}
