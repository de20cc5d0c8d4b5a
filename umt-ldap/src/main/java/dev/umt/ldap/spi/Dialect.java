package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryGroup;
import dev.umt.ldap.LdapConfig.GroupExpansion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one kind of directory calls things: where the permanent id lives and how it is written,
 * which entries are users, groups and containers, which attribute holds each user field, and when
 * an account counts as disabled. {@link LdapDirectoryReader} does the reading for every dialect.
 * Implementations are immutable and thread-safe.
 */
public interface Dialect {

  /** The directory's name for messages, such as {@code Active Directory}. */
  String directoryName();

  /** The attributes that may hold the permanent id, requested on every read. */
  List<String> idAttributes();

  /** The permanent id of {@code entry} as a string, or null when it has none. */
  String idOf(Entry entry);

  /**
   * A filter that matches the entry whose permanent id is {@code id}, or empty when {@code id}
   * cannot be one.
   */
  Optional<Filter> idFilter(String id);

  /**
   * Matches user entries; must also work client-side with {@link Filter#matchesEntry(Entry)} on
   * objectClass values.
   */
  Filter userFilter();

  /** Matches group entries (same client-side rule). */
  Filter groupFilter();

  /** Matches domains, OUs and containers (same client-side rule). */
  Filter containerFilter();

  /** The kind of a container entry. */
  Container.Kind containerKind(Entry entry);

  /** The kind of a group entry. */
  DirectoryGroup.Kind groupKind(Entry entry);

  /**
   * The attributes of a group that list its members, such as {@code member} and {@code
   * uniqueMember}.
   */
  List<String> memberAttributes();

  /**
   * The attribute of a user that lists the groups it is directly in ({@code memberOf}, {@code
   * groupMembership}), or empty when the source must scan the groups instead.
   *
   * @param server what the server advertises
   * @param schemaHasMemberOf whether the server's schema defines {@code memberOf}
   */
  Optional<String> memberOfAttribute(ServerInfo server, boolean schemaHasMemberOf);

  /**
   * The default attribute names of each mappable user field ({@link
   * dev.umt.ldap.LdapConfig#MAPPABLE_FIELDS}), the first present wins.
   */
  Map<String, List<String>> defaultMapping();

  /** Attributes {@link #enabled} needs. */
  List<String> statusAttributes();

  /** Whether the account of {@code user} is usable at {@code now}: neither disabled nor expired. */
  boolean enabled(Entry user, Instant now);

  /** Binary attributes kept out of {@link dev.umt.directory.DirectoryUser#attributes()}. */
  Set<String> binaryAttributes();

  /** The strategy {@link GroupExpansion#AUTO} means on {@code server}. */
  GroupExpansion defaultGroupExpansion(ServerInfo server);

  /**
   * Whether members of large multi-valued attributes must be asked for in ranges ({@code
   * member;range=0-1499}) on {@code server}.
   */
  default boolean useRangeRetrieval(ServerInfo server) {
    return server.isActiveDirectory();
  }

  /**
   * The change feeds this directory may offer, best first; {@link LdapDirectoryReader#changeFeed()}
   * takes the first the server advertises. None by default.
   */
  default List<dev.umt.ldap.LdapConfig.ChangeFeed> changeFeeds() {
    return List.of();
  }

  /**
   * Whether the server may rewrite groups' member values without marking the group changed
   * (OpenLDAP's {@code refint} overlay after a member's rename or delete): feeds then report the
   * groups of every changed user or group too.
   */
  default boolean memberListsRewrittenSilently() {
    return false;
  }
}
