package dev.umt.ldap.internal;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryGroup;
import dev.umt.ldap.LdapConfig.GroupExpansion;
import dev.umt.ldap.spi.Dialect;
import dev.umt.ldap.spi.ServerInfo;
import dev.umt.ldap.spi.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Any LDAPv3 directory (OpenLDAP, 389-DS, ApacheDS): {@code entryUUID} or {@code nsUniqueId} ids,
 * {@code inetOrgPerson} users, {@code groupOfNames}/{@code groupOfUniqueNames} groups, disabled by
 * {@code pwdAccountLockedTime} (any value) or {@code nsAccountLock: true}, expired by a past {@code
 * pwdEndTime}.
 */
public final class GenericDialect implements Dialect {
  private static final Filter USERS =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
          Filter.createEqualityFilter("objectClass", "organizationalPerson"),
          Filter.createEqualityFilter("objectClass", "person"));
  private static final Filter GROUPS =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "groupOfNames"),
          Filter.createEqualityFilter("objectClass", "groupOfUniqueNames"));
  private static final Filter CONTAINERS =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "organizationalUnit"),
          Filter.createEqualityFilter("objectClass", "organization"),
          Filter.createEqualityFilter("objectClass", "domain"),
          Filter.createEqualityFilter("objectClass", "dcObject"),
          Filter.createEqualityFilter("objectClass", "country"),
          Filter.createEqualityFilter("objectClass", "locality"));

  /** 389-DS's nsUniqueId looks like {@code 66446001-1dd211b2-80e3e5a2-ee46cf09}. */
  private static final String NS_UNIQUE_ID = "(?i)[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}";

  @Override
  public String directoryName() {
    return "LDAPv3 directory";
  }

  @Override
  public List<String> idAttributes() {
    return List.of("entryUUID", "nsUniqueId");
  }

  /**
   * The id attributes in lower case, for lookups: the SDK lower-cases the name of every lookup,
   * which then copies nothing (this runs for every entry read).
   */
  private static final List<String> ID_LOOKUP = List.of("entryuuid", "nsuniqueid");

  @Override
  public String idOf(Entry entry) {
    for (String a : ID_LOOKUP) {
      String v = entry.getAttributeValue(a);
      if (v != null && !v.isBlank()) {
        return v.toLowerCase(java.util.Locale.ROOT);
      }
    }
    return null;
  }

  @Override
  public Optional<Filter> idFilter(String id) {
    String v = id.trim();
    if (v.matches(NS_UNIQUE_ID)) {
      return Optional.of(Filter.createEqualityFilter("nsUniqueId", v));
    }
    if (dev.umt.ldap.spi.Guids.isGuid(v)) {
      return Optional.of(Filter.createEqualityFilter("entryUUID", v));
    }
    return Optional.empty();
  }

  @Override
  public Filter userFilter() {
    return USERS;
  }

  @Override
  public Filter groupFilter() {
    return GROUPS;
  }

  @Override
  public Filter containerFilter() {
    return CONTAINERS;
  }

  @Override
  public Container.Kind containerKind(Entry entry) {
    if (entry.hasObjectClass("domain")
        || entry.hasObjectClass("dcObject")
        || entry.hasObjectClass("organization")) {
      return Container.Kind.DOMAIN;
    }
    return entry.hasObjectClass("organizationalUnit")
        ? Container.Kind.ORGANIZATIONAL_UNIT
        : Container.Kind.CONTAINER;
  }

  @Override
  public DirectoryGroup.Kind groupKind(Entry entry) {
    return DirectoryGroup.Kind.UNKNOWN;
  }

  @Override
  public List<String> memberAttributes() {
    return List.of("member", "uniqueMember");
  }

  @Override
  public Optional<String> memberOfAttribute(ServerInfo server, boolean schemaHasMemberOf) {
    return schemaHasMemberOf ? Optional.of("memberOf") : Optional.empty();
  }

  @Override
  public Map<String, List<String>> defaultMapping() {
    return Map.of(
        "loginName",
        List.of("uid", "cn"),
        "email",
        List.of("mail"),
        "givenName",
        List.of("givenName"),
        "surname",
        List.of("sn"),
        "displayName",
        List.of("displayName", "cn"),
        "title",
        List.of("title"),
        "department",
        List.of("departmentNumber"),
        "phone",
        List.of("telephoneNumber"));
  }

  @Override
  public List<String> statusAttributes() {
    return List.of("pwdAccountLockedTime", "pwdEndTime", "nsAccountLock");
  }

  @Override
  public boolean enabled(Entry user, Instant now) {
    // Names in lower case, as in idOf.
    if (user.hasAttribute("pwdaccountlockedtime")) {
      return false;
    }
    String lock = user.getAttributeValue("nsaccountlock");
    if (lock != null && lock.trim().equalsIgnoreCase("true")) {
      return false;
    }
    return !Times.isPast(user.getAttributeValue("pwdendtime"), now);
  }

  @Override
  public Set<String> binaryAttributes() {
    return Set.of();
  }

  @Override
  public GroupExpansion defaultGroupExpansion(ServerInfo server) {
    return GroupExpansion.MEMBER_LIST;
  }

  /** Content sync where syncprov (or 389-DS) offers it, else modifyTimestamp. */
  @Override
  public List<dev.umt.ldap.LdapConfig.ChangeFeed> changeFeeds() {
    return List.of(
        dev.umt.ldap.LdapConfig.ChangeFeed.CONTENT_SYNC,
        dev.umt.ldap.LdapConfig.ChangeFeed.TIMESTAMP);
  }

  /** slapd's refint overlay rewrites member values without a new entryCSN or modifyTimestamp. */
  @Override
  public boolean memberListsRewrittenSilently() {
    return true;
  }
}
