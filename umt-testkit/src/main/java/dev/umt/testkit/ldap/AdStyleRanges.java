package dev.umt.testkit.ldap;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.SearchRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes UnboundID's in-memory server answer {@code member} the way Active Directory does: at most
 * {@code cap} values per answer, as {@code member;range=low-high} (the last one {@code low-*}),
 * both when a range is asked for and, if {@code rangeUnasked}, when the plain attribute is. Ranges
 * starting at a value in {@code dropped} come back without the attribute, as a broken server might.
 * Real AD caps at 1,500; Samba only ranges when asked; UnboundID's server never ranges, so range
 * retrieval needs this to be tested in the JVM.
 *
 * <pre>{@code
 * AdStyleRanges ranges = new AdStyleRanges(500, true, Set.of());
 * config.addInMemoryOperationInterceptor(ranges);
 * }</pre>
 */
public final class AdStyleRanges extends InMemoryOperationInterceptor {
  private final int cap;
  private final boolean rangeUnasked;
  private final Set<Integer> dropped;
  private final Map<String, int[]> asked = new ConcurrentHashMap<>();
  private final AtomicInteger rangedAnswers = new AtomicInteger();

  /**
   * @param cap the most values per answer
   * @param rangeUnasked also range the plain {@code member} attribute when it has more than {@code
   *     cap} values
   * @param dropped range starts whose answers lose the attribute
   */
  public AdStyleRanges(int cap, boolean rangeUnasked, Set<Integer> dropped) {
    this.cap = cap;
    this.rangeUnasked = rangeUnasked;
    this.dropped = dropped;
  }

  /** How many ranged answers were sent. */
  public int rangedAnswers() {
    return rangedAnswers.get();
  }

  @Override
  public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
    List<String> attributes = new ArrayList<>(request.getRequest().getAttributeList());
    for (int i = 0; i < attributes.size(); i++) {
      String a = attributes.get(i).toLowerCase(Locale.ROOT);
      if (a.startsWith("member;range=")) {
        String[] bounds = a.substring("member;range=".length()).split("-");
        int low = Integer.parseInt(bounds[0]);
        int high = bounds[1].equals("*") ? Integer.MAX_VALUE : Integer.parseInt(bounds[1]);
        asked.put(request.getConnectionID() + "/" + request.getMessageID(), new int[] {low, high});
        attributes.set(i, "member");
      }
    }
    SearchRequest changed = request.getRequest().duplicate();
    changed.setAttributes(attributes);
    request.setRequest(changed);
  }

  @Override
  public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
    Entry entry = result.getSearchEntry().duplicate();
    Attribute member = entry.getAttribute("member");
    int[] range = asked.remove(result.getConnectionID() + "/" + result.getMessageID());
    if (member == null || (range == null && (!rangeUnasked || member.size() <= cap))) {
      return;
    }
    String[] values = member.getValues();
    int low = range == null ? 0 : range[0];
    int high =
        Math.min(
            values.length - 1,
            Math.min(range == null ? Integer.MAX_VALUE : range[1], low + cap - 1));
    entry.removeAttribute("member");
    rangedAnswers.incrementAndGet();
    if (dropped.contains(low) || low >= values.length) {
      result.setSearchEntry(entry);
      return;
    }
    String name =
        "member;range=" + low + "-" + (high == values.length - 1 ? "*" : Integer.toString(high));
    entry.addAttribute(new Attribute(name, Arrays.copyOfRange(values, low, high + 1)));
    result.setSearchEntry(entry);
  }
}
