package dev.umt.ldap.ad;

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
 * Active Directory (and Samba's AD DC): objectGUID ids in AD's byte order, {@code user} objects
 * that are not computers, {@code group} objects whose {@code groupType} says security or
 * distribution, the disabled bit (0x2) of {@code userAccountControl}, {@code accountExpires} (0 and
 * 0x7FFFFFFFFFFFFFFF mean never), and {@code memberOf}.
 */
final class ActiveDirectoryDialect implements Dialect {
  /** userAccountControl's ACCOUNTDISABLE bit. */
  static final int ACCOUNT_DISABLED = 0x2;

  private static final Filter USERS =
      Filter.createANDFilter(
          Filter.createEqualityFilter("objectClass", "user"),
          Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));
  private static final Filter GROUPS = Filter.createEqualityFilter("objectClass", "group");
  private static final Filter CONTAINERS =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "organizationalUnit"),
          Filter.createEqualityFilter("objectClass", "container"),
          Filter.createEqualityFilter("objectClass", "domainDNS"),
          Filter.createEqualityFilter("objectClass", "builtinDomain"));

  @Override
  public String directoryName() {
    return "Active Directory";
  }

  @Override
  public List<String> idAttributes() {
    return List.of("objectGUID");
  }

  @Override
  public String idOf(Entry entry) {
    byte[] guid = entry.getAttributeValueBytes("objectGUID");
    return guid == null || guid.length != 16 ? null : Guids.fromMicrosoftBytes(guid);
  }

  @Override
  public Optional<Filter> idFilter(String id) {
    return Guids.canonical(id)
        .map(g -> Filter.createEqualityFilter("objectGUID", Guids.toMicrosoftBytes(g)));
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
    if (entry.hasObjectClass("domainDNS")) {
      return Container.Kind.DOMAIN;
    }
    return entry.hasObjectClass("organizationalUnit")
        ? Container.Kind.ORGANIZATIONAL_UNIT
        : Container.Kind.CONTAINER;
  }

  @Override
  public DirectoryGroup.Kind groupKind(Entry entry) {
    Integer type = entry.getAttributeValueAsInteger("groupType");
    if (type == null) {
      return DirectoryGroup.Kind.UNKNOWN;
    }
    return (type & 0x80000000) != 0
        ? DirectoryGroup.Kind.SECURITY
        : DirectoryGroup.Kind.DISTRIBUTION;
  }

  @Override
  public List<String> memberAttributes() {
    return List.of("member");
  }

  @Override
  public Optional<String> memberOfAttribute(ServerInfo server, boolean schemaHasMemberOf) {
    return Optional.of("memberOf");
  }

  @Override
  public Map<String, List<String>> defaultMapping() {
    return Map.of(
        "loginName",
        List.of("sAMAccountName", "userPrincipalName"),
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
        List.of("department"),
        "phone",
        List.of("telephoneNumber"));
  }

  @Override
  public List<String> statusAttributes() {
    return List.of(
        "userAccountControl", "accountExpires", "userPrincipalName", "uSNChanged", "whenChanged");
  }

  @Override
  public boolean enabled(Entry user, Instant now) {
    Long control = user.getAttributeValueAsLong("userAccountControl");
    if (control != null && (control & ACCOUNT_DISABLED) != 0) {
      return false;
    }
    Instant expires = Times.fileTime(user.getAttributeValue("accountExpires"));
    return expires == null || expires.isAfter(now);
  }

  @Override
  public Set<String> binaryAttributes() {
    return Set.of("objectGUID", "objectSid");
  }

  /** See the module README for the measurements behind this choice. */
  @Override
  public GroupExpansion defaultGroupExpansion(ServerInfo server) {
    return server.isActiveDirectory() ? GroupExpansion.MEMBER_OF : GroupExpansion.MEMBER_LIST;
  }

  /**
   * DirSync where the account holds "Replicating Directory Changes", else uSNChanged with
   * tombstones.
   */
  @Override
  public List<dev.umt.ldap.LdapConfig.ChangeFeed> changeFeeds() {
    return List.of(
        dev.umt.ldap.LdapConfig.ChangeFeed.DIRSYNC, dev.umt.ldap.LdapConfig.ChangeFeed.USN);
  }
}
