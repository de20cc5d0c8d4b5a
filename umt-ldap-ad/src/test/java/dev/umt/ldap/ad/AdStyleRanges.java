package dev.umt.ldap.ad;

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
 */
final class AdStyleRanges extends InMemoryOperationInterceptor {
  private final int cap;
  private final boolean rangeUnasked;
  private final Set<Integer> dropped;
  private final Map<String, int[]> asked = new ConcurrentHashMap<>();
  /** How many ranged answers were sent. */
  final AtomicInteger rangedAnswers = new AtomicInteger();

  AdStyleRanges(int cap, boolean rangeUnasked, Set<Integer> dropped) {
    this.cap = cap;
    this.rangeUnasked = rangeUnasked;
    this.dropped = dropped;
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
    int high = Math.min(values.length - 1, Math.min(range == null ? Integer.MAX_VALUE : range[1], low + cap - 1));
    entry.removeAttribute("member");
    rangedAnswers.incrementAndGet();
    if (dropped.contains(low) || low >= values.length) {
      result.setSearchEntry(entry);
      return;
    }
    String name = "member;range=" + low + "-" + (high == values.length - 1 ? "*" : Integer.toString(high));
    entry.addAttribute(new Attribute(name, Arrays.copyOfRange(values, low, high + 1)));
    result.setSearchEntry(entry);
  }
}
