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
import com.unboundid.ldap.sdk.SearchResultListener;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
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
    List<SearchResultEntry> received = new ArrayList<>();
    int kept = nextPage(received::add);
    return kept == received.size() ? received : received.subList(0, kept);
  }

  /**
   * Reads the next page, handing each entry to {@code each} as it arrives, so the caller works on
   * one entry while the connection's reader decodes the next (the SDK calls a search's listener on
   * the thread that runs the search, here the caller's, in its default asynchronous mode). The page
   * then ends as {@link #nextPage()}'s does: the next page is asked for only by the next call,
   * after this page's done result.
   *
   * <p>Returns how many of the entries handed over belong to the read, always the first ones: all
   * of them, except that a configured size limit reached within the page keeps only those under it
   * and a page the server answered with a reply of the wrong kind keeps none. The caller must drop
   * the rest as if it had never seen them. A failure of the first page before its first entry is
   * thrown (translated), as is a first page answered with a reply of the wrong kind.
   *
   * @param each called on this thread, in the server's order; should not throw: if it does, it is
   *     not called again for this page, the page is read to its end and the first exception is
   *     rethrown once the page is done
   * @return the number of entries handed over that count, a prefix of them
   */
  int nextPage(Consumer<SearchResultEntry> each) {
    if (done) {
      return 0;
    }
    boolean paging = pool.info().supportsControl(ServerInfo.PAGED_RESULTS_CONTROL);
    if (connection == null) {
      connection = pool.checkout(doing);
    }
    PageListener listener = new PageListener(each);
    SearchRequest page = listened(listener);
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
    int kept = read(page, paging, listener, started);
    listener.rethrow();
    return kept;
  }

  private int read(SearchRequest page, boolean paging, PageListener listener, long started) {
    SearchResult result;
    try {
      result = connection.search(page);
    } catch (LDAPSearchException e) {
      int partial = failed(e, listener);
      log(
          "LDAP page {} of {}: {} entries in {} ms, ended by {} ({}), no more follow",
          pages,
          doing,
          partial,
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
      return 0;
    }
    int found = listener.received;
    noteNamingAttribute(listener.first);
    int limit = pool.config().sizeLimit();
    if (limit > 0 && entries + found > limit) {
      // Servers count a size limit per page when paging: enforce the configured one over the whole
      // search.
      found = (int) Math.max(0, limit - entries);
      entries = limit;
      incomplete(doing + " stopped at the configured size limit of " + limit + " entries");
      finish(true);
      return found;
    }
    entries += found;
    checkReferences(listener.references);
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
        found,
        (System.nanoTime() - started) / 1_000_000,
        done ? "no more follow" : "more follow");
    return found;
  }

  /**
   * A copy of the search that hands its entries and references to {@code listener}: the same base,
   * scope, dereferencing, limits, filter, attributes, controls, response timeout and intermediate
   * response listener ({@link SearchRequest#duplicate()} keeps the listener it was made with,
   * none). Referrals are never followed here ({@link LdapPool} turns following off for every
   * connection, and no search of this package turns it on).
   */
  private SearchRequest listened(SearchResultListener listener) {
    SearchRequest copy =
        new SearchRequest(
            listener,
            request.getControls(),
            request.getBaseDN(),
            request.getScope(),
            request.getDereferencePolicy(),
            request.getSizeLimit(),
            request.getTimeLimitSeconds(),
            request.typesOnly(),
            request.getFilter(),
            request.getAttributes());
    copy.setResponseTimeoutMillis(request.getResponseTimeoutMillis(null));
    copy.setIntermediateResponseListener(request.getIntermediateResponseListener());
    return copy;
  }

  /**
   * The entries and references of one page as the SDK hands them over, on the thread running the
   * search. Not thread-safe; never serialized (the SDK's interface is {@link
   * java.io.Serializable}).
   */
  private static final class PageListener implements SearchResultListener {
    private static final long serialVersionUID = 1L;
    private final transient Consumer<SearchResultEntry> each;
    private int received;
    private transient SearchResultEntry first;
    private transient List<SearchResultReference> references;
    private transient RuntimeException failure;

    PageListener(Consumer<SearchResultEntry> each) {
      this.each = each;
    }

    @Override
    public void searchEntryReturned(SearchResultEntry entry) {
      if (received++ == 0) {
        first = entry;
      }
      if (failure == null) {
        try {
          each.accept(entry);
        } catch (RuntimeException e) {
          // Thrown once the page is read: throwing into the SDK would leave the search's replies
          // unread on the connection.
          failure = e;
        }
      }
    }

    @Override
    public void searchReferenceReturned(SearchResultReference reference) {
      if (references == null) {
        references = new ArrayList<>();
      }
      references.add(reference);
    }

    void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void noteNamingAttribute(SearchResultEntry first) {
    if (namingAttribute == null && first != null) {
      try {
        namingAttribute = first.getParsedDN().getRDN().getAttributeNames()[0];
      } catch (LDAPException e) {
        // A DN the SDK cannot parse: no naming attribute to split by.
      }
    }
  }

  /** Records why the page failed; returns how many of its entries (all handed over) count. */
  private int failed(LDAPSearchException e, PageListener listener) {
    ResultCode rc = e.getResultCode();
    int partial = listener.received;
    entries += partial;
    noteNamingAttribute(listener.first);
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
    } else if (pages == 1 && partial == 0) {
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
    checkReferences(listener.references);
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
