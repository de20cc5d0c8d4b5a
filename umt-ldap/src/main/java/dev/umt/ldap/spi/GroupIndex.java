package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The direct groups of every member, from one paged scan of the groups under the base DN (their
 * {@code member} values, with range retrieval). Used where users carry no {@code memberOf}.
 */
final class GroupIndex {
  private final Map<String, List<String>> groupIdsByMember;
  private final String incompleteReason;

  private GroupIndex(Map<String, List<String>> groupIdsByMember, String incompleteReason) {
    this.groupIdsByMember = groupIdsByMember;
    this.incompleteReason = incompleteReason;
  }

  /** Scans the groups under {@code baseDn}. */
  static GroupIndex scan(LdapPool pool, Dialect dialect, EntryMapper mapper, String baseDn) {
    List<String> attributes = new ArrayList<>(dialect.idAttributes());
    attributes.add("objectClass");
    attributes.addAll(dialect.memberAttributes());
    SearchRequest request =
        new SearchRequest(
            baseDn, SearchScope.SUB, dialect.groupFilter(), attributes.toArray(String[]::new));
    String doing = "scanning the groups under " + baseDn;
    Map<String, Set<String>> index = new HashMap<>();
    List<String> reasons = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    try (SplittingSearch search =
        new SplittingSearch(
            pool, dialect, List.of(request), List.of(doing), pool.config().pageSize())) {
      while (!search.done()) {
        for (SearchResultEntry group : search.nextPage()) {
          String groupId = dialect.idOf(group);
          if (groupId == null || !seen.add(groupId)) {
            continue;
          }
          mapper.remember(group);
          for (String attribute : dialect.memberAttributes()) {
            RangeReader.Values values =
                RangeReader.read(
                    pool, group.getDN(), attribute, false, pool.config().rangeSize(), group);
            if (!values.incompleteReason().isEmpty()) {
              reasons.add(values.incompleteReason());
            }
            for (String member : values.values()) {
              index
                  .computeIfAbsent(EntryMapper.norm(member), k -> new LinkedHashSet<>())
                  .add(groupId);
            }
          }
        }
      }
      if (!search.incompleteReason().isEmpty()) {
        reasons.add(search.incompleteReason());
      }
    }
    Map<String, List<String>> frozen = new HashMap<>();
    index.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new GroupIndex(frozen, String.join("; ", reasons));
  }

  /** The ids of the groups that list {@code normalisedDn} as a member. */
  List<String> groupIdsOf(String normalisedDn) {
    return groupIdsByMember.getOrDefault(normalisedDn, List.of());
  }

  String incompleteReason() {
    return incompleteReason;
  }
}
