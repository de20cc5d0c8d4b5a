package dev.umt.edirectory;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryGroup;
import dev.umt.ldap.LdapConfig.GroupExpansion;
import dev.umt.ldap.spi.Dialect;
import dev.umt.ldap.spi.Guids;
import dev.umt.ldap.spi.ServerInfo;
import dev.umt.ldap.spi.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NetIQ eDirectory: the 16-byte {@code GUID} in network order as id, {@code inetOrgPerson} users
 * with {@code uid} (else {@code cn}) as login and {@code fullName} as display name, {@code
 * groupOfNames} groups, {@code groupMembership} for a user's groups, {@code loginDisabled} and
 * {@code loginExpirationTime} for the account's state.
 */
final class EDirectoryDialect implements Dialect {
  private static final Filter USERS =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
          Filter.createEqualityFilter("objectClass", "person"));
  private static final Filter GROUPS =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "groupOfNames"),
          Filter.createEqualityFilter("objectClass", "groupOfUniqueNames"),
          Filter.createEqualityFilter("objectClass", "group"));
  private static final Filter CONTAINERS =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "organizationalUnit"),
          Filter.createEqualityFilter("objectClass", "organization"),
          Filter.createEqualityFilter("objectClass", "country"),
          Filter.createEqualityFilter("objectClass", "locality"),
          Filter.createEqualityFilter("objectClass", "domain"),
          Filter.createEqualityFilter("objectClass", "dcObject"));

  @Override
  public String directoryName() {
    return "eDirectory";
  }

  @Override
  public List<String> idAttributes() {
    return List.of("GUID");
  }

  @Override
  public String idOf(Entry entry) {
    byte[] guid = entry.getAttributeValueBytes("GUID");
    if (guid == null) {
      return null;
    }
    if (guid.length == 16) {
      return Guids.fromBigEndianBytes(guid);
    }
    String text = new String(guid, java.nio.charset.StandardCharsets.UTF_8).trim();
    return Guids.isGuid(text) ? text.toLowerCase(java.util.Locale.ROOT) : null;
  }

  @Override
  public Optional<Filter> idFilter(String id) {
    return Guids.canonical(id)
        .map(g -> Filter.createEqualityFilter("GUID", Guids.toBigEndianBytes(g)));
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
    if (entry.hasObjectClass("organizationalUnit")) {
      return Container.Kind.ORGANIZATIONAL_UNIT;
    }
    if (entry.hasObjectClass("organization")
        || entry.hasObjectClass("domain")
        || entry.hasObjectClass("dcObject")) {
      return Container.Kind.DOMAIN;
    }
    return Container.Kind.CONTAINER;
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
    return Optional.of("groupMembership");
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
        List.of("fullName", "cn"),
        "title",
        List.of("title"),
        "department",
        List.of("ou"),
        "phone",
        List.of("telephoneNumber"));
  }

  @Override
  public List<String> statusAttributes() {
    return List.of("loginDisabled", "loginExpirationTime", "cn");
  }

  @Override
  public boolean enabled(Entry user, Instant now) {
    String disabled = user.getAttributeValue("loginDisabled");
    if (disabled != null && disabled.trim().equalsIgnoreCase("TRUE")) {
      return false;
    }
    return !Times.isPast(user.getAttributeValue("loginExpirationTime"), now);
  }

  @Override
  public Set<String> binaryAttributes() {
    return Set.of("GUID");
  }

  @Override
  public GroupExpansion defaultGroupExpansion(ServerInfo server) {
    return GroupExpansion.MEMBER_LIST;
  }

  @Override
  public boolean useRangeRetrieval(ServerInfo server) {
    return false;
  }

  /** eDirectory offers neither DirSync nor content sync to LDAP clients: modifyTimestamp. */
  @Override
  public List<dev.umt.ldap.LdapConfig.ChangeFeed> changeFeeds() {
    return List.of(dev.umt.ldap.LdapConfig.ChangeFeed.TIMESTAMP);
  }
}
