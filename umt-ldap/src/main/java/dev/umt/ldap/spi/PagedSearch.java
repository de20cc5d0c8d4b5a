package dev.umt.ldap.spi;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One search read page by page on one connection (the paging cookie belongs to it). Sends the
 * paged-results control only where the server advertises it. A size or time limit, a failed later
 * page, an unchased referral or a base that vanished end the search and make it incomplete; a
 * failure of the first page is thrown. Not thread-safe.
 *
 * <p>Every search (base, scope, filter, attributes, controls) and every page (entries, elapsed
 * milliseconds, whether more follow) is logged to the logger {@value #LOGGER}: at INFO when the
 * source's {@code detailedLogging} is set, else at DEBUG.
 */
final class PagedSearch implements AutoCloseable {
  /** The logger searches and pages are written to. */
  static final String LOGGER = "dev.umt.ldap.search";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final LdapPool pool;
  private final SearchRequest request;
  private final int pageSize;
  private final String doing;
  private LDAPConnection connection;
  private ASN1OctetString cookie;
  private boolean done;
  private String incompleteReason = "";
  private int pages;
  private long entries;
  private boolean serverSizeLimit;
  private String namingAttribute;

  PagedSearch(LdapPool pool, SearchRequest request, int pageSize, String doing) {
    this.pool = pool;
    this.request = request;
    this.pageSize = pageSize;
    this.doing = doing;
    if (pool.config().sizeLimit() > 0) {
      request.setSizeLimit(pool.config().sizeLimit());
    }
    if (!pool.config().timeLimit().isZero()) {
      request.setTimeLimitSeconds((int) Math.max(1, pool.config().timeLimit().toSeconds()));
    }
  }

  boolean done() {
    return done;
  }

  /** Empty when complete so far. */
  String incompleteReason() {
    return incompleteReason;
  }

  /**
   * Whether the server's own size limit (not the configured one) ended the search: the search may
   * be split into smaller ones that each stay under it.
   */
  boolean stoppedByServerSizeLimit() {
    return serverSizeLimit;
  }

  /** The naming (RDN) attribute of the first entry found, or null when none was found. */
  String namingAttribute() {
    return namingAttribute;
  }

  /** The search this reads. */
  SearchRequest request() {
    return request;
  }

  private void log(String format, Object... arguments) {
    if (pool.config().detailedLogging()) {
      LOG.info(format, arguments);
    } else {
      LOG.debug(format, arguments);
    }
  }

  /** Reads the next page; may be empty. Call while {@link #done()} is false. */
  List<SearchResultEntry> nextPage() {
    if (done) {
      return List.of();
    }
    boolean paging = pool.info().supportsControl(ServerInfo.PAGED_RESULTS_CONTROL);
    if (connection == null) {
      connection = pool.checkout(doing);
    }
    SearchRequest page = request.duplicate();
    if (paging) {
      // Keeps the request's own controls (Show Deleted for tombstones) beside the paging one.
      page.addControl(new SimplePagedResultsControl(pageSize, cookie, false));
    }
    pages++;
    if (pages == 1) {
      log(
          "LDAP search for {}: base \"{}\", scope {}, filter {}, attributes {}, controls {}, size"
              + " limit {}, time limit {} s",
          doing,
          request.getBaseDN(),
          request.getScope().getName(),
          request.getFilter(),
          String.join(",", request.getAttributeList()),
          paging
              ? "[paged results "
                  + SimplePagedResultsControl.PAGED_RESULTS_OID
                  + ", page size "
                  + pageSize
                  + "]"
              : "[]",
          request.getSizeLimit(),
          request.getTimeLimitSeconds());
    }
    long started = System.nanoTime();
    SearchResult result;
    try {
      result = connection.search(page);
    } catch (LDAPSearchException e) {
      List<SearchResultEntry> partial = failed(e);
      log(
          "LDAP page {} of {}: {} entries in {} ms, ended by {} ({}), no more follow",
          pages,
          doing,
          partial.size(),
          (System.nanoTime() - started) / 1_000_000,
          e.getResultCode().getName(),
          e.getDiagnosticMessage());
      return partial;
    } catch (ClassCastException e) {
      finish(false);
      if (pages == 1) {
        throw pool.wrongReply(doing, e);
      }
      incomplete(
          "page "
              + pages
              + " of "
              + doing
              + " failed: the server answered with a reply of the wrong kind");
      return List.of();
    }
    List<SearchResultEntry> found = result.getSearchEntries();
    noteNamingAttribute(found);
    int limit = pool.config().sizeLimit();
    if (limit > 0 && entries + found.size() > limit) {
      // Servers count a size limit per page when paging: enforce the configured one over the whole
      // search.
      found = found.subList(0, (int) Math.max(0, limit - entries));
      entries = limit;
      incomplete(doing + " stopped at the configured size limit of " + limit + " entries");
      finish(true);
      return found;
    }
    entries += found.size();
    checkReferences(result.getSearchReferences());
    SimplePagedResultsControl response = null;
    try {
      response = paging ? SimplePagedResultsControl.get(result) : null;
    } catch (LDAPException e) {
      incomplete(
          "the server's paging response on page "
              + pages
              + " could not be read: "
              + e.getMessage());
    }
    if (response == null || !response.moreResultsToReturn()) {
      finish(true);
    } else {
      cookie = response.getCookie();
    }
    log(
        "LDAP page {} of {}: {} entries in {} ms, {}",
        pages,
        doing,
        found.size(),
        (System.nanoTime() - started) / 1_000_000,
        done ? "no more follow" : "more follow");
    return found;
  }

  private void noteNamingAttribute(List<SearchResultEntry> found) {
    if (namingAttribute == null && !found.isEmpty()) {
      try {
        namingAttribute = found.get(0).getParsedDN().getRDN().getAttributeNames()[0];
      } catch (LDAPException e) {
        // A DN the SDK cannot parse: no naming attribute to split by.
      }
    }
  }

  private List<SearchResultEntry> failed(LDAPSearchException e) {
    ResultCode rc = e.getResultCode();
    List<SearchResultEntry> partial =
        e.getSearchEntries() == null ? List.of() : e.getSearchEntries();
    entries += partial.size();
    noteNamingAttribute(partial);
    if (rc == ResultCode.SIZE_LIMIT_EXCEEDED || rc == ResultCode.ADMIN_LIMIT_EXCEEDED) {
      serverSizeLimit = pool.config().sizeLimit() == 0;
      incomplete(
          "the server stopped " + doing + " at its size limit after " + entries + " entries");
    } else if (rc == ResultCode.TIME_LIMIT_EXCEEDED) {
      incomplete(
          "the server stopped " + doing + " at its time limit after " + entries + " entries");
    } else if (rc == ResultCode.NO_SUCH_OBJECT) {
      incomplete(request.getBaseDN() + " vanished while " + doing);
    } else if (rc == ResultCode.REFERRAL) {
      incomplete(
          "the server referred "
              + doing
              + " to "
              + String.join(", ", e.getReferralURLs() == null ? new String[0] : e.getReferralURLs())
              + ", and referrals are not chased");
    } else if (pages == 1 && partial.isEmpty()) {
      finish(ResultCode.isConnectionUsable(rc));
      throw pool.translate(e, doing);
    } else {
      incomplete(
          "page "
              + pages
              + " of "
              + doing
              + " failed: "
              + rc.getName()
              + " "
              + (e.getDiagnosticMessage() == null ? e.getMessage() : e.getDiagnosticMessage()));
    }
    if (e.getSearchReferences() != null) {
      checkReferences(e.getSearchReferences());
    }
    finish(ResultCode.isConnectionUsable(rc));
    return partial;
  }

  /**
   * Continuation references to a naming context this server holds itself (AD's configuration,
   * schema and DNS partitions under the domain DN) hold no users and are skipped; any other is an
   * unchased referral, so the read is incomplete.
   */
  private void checkReferences(List<SearchResultReference> references) {
    if (references == null || references.isEmpty()) {
      return;
    }
    Set<String> own = new HashSet<>();
    for (String context : pool.info().namingContexts()) {
      own.add(EntryMapper.norm(context));
    }
    List<String> unchased = new ArrayList<>();
    for (SearchResultReference reference : references) {
      for (String url : reference.getReferralURLs()) {
        String target;
        try {
          DN dn = new LDAPURL(url).getBaseDN();
          target = dn.toNormalizedString();
        } catch (LDAPException e) {
          target = null;
        }
        if (target == null || !own.contains(target)) {
          unchased.add(url);
        }
      }
    }
    if (!unchased.isEmpty()) {
      incomplete(
          "the server referred part of "
              + doing
              + " to "
              + String.join(", ", unchased)
              + ", and referrals are not chased");
    }
  }

  private void incomplete(String reason) {
    if (incompleteReason.isEmpty()) {
      incompleteReason = reason;
    }
  }

  private void finish(boolean usable) {
    done = true;
    if (connection != null) {
      pool.release(connection, usable);
      connection = null;
    }
  }

  @Override
  public void close() {
    if (!done) {
      if (cookie != null && connection != null && cookie.getValueLength() > 0) {
        try {
          // Tell the server to drop the paging state: a page size of 0 with the cookie.
          SearchRequest abandon = request.duplicate();
          abandon.setControls(new SimplePagedResultsControl(0, cookie, false));
          connection.search(abandon);
        } catch (LDAPException ignored) {
          // Best effort; the connection is released either way.
        }
      }
      if (incompleteReason.isEmpty()) {
        incompleteReason = doing + " was closed before its last page";
      }
      finish(true);
    }
  }
}
