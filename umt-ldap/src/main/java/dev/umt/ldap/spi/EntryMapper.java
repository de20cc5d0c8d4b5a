package dev.umt.ldap.spi;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import dev.umt.directory.Attributes;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectoryUser;
import dev.umt.ldap.LdapConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns entries into the model's users, groups and containers, and remembers the ids of DNs it
 * looked up. Thread-safe.
 */
final class EntryMapper {
  private static final String NO_ID = "";
  private final LdapPool pool;
  private final Dialect dialect;
  private final Map<String, List<String>> mapping;

  /**
   * The mapping's attribute names in lower case, for lookups: the SDK lower-cases the name of every
   * lookup, which then copies nothing.
   */
  private final Map<String, List<String>> lookupNames;

  private final List<String> extraAttributes;
  private final Clock clock;

  /**
   * Ids of containers and groups by normalised DN; users are not kept (the map would grow with the
   * directory).
   */
  private final Map<String, String> idsByDn = new ConcurrentHashMap<>();

  /**
   * Ids by a DN exactly as the server wrote it (memberOf values): no DN is parsed twice. Groups and
   * containers only.
   */
  private final Map<String, String> idsByRawDn = new ConcurrentHashMap<>();

  /**
   * Ids by the bytes of a DN as the server sent it (memberOf values), so a group seen before is
   * found without decoding the value. Keys are copies with their own exact array: the SDK's octet
   * strings change their fields when asked for a value that is a slice of a larger array.
   */
  private final Map<ASN1OctetString, String> idsByRawValue = new ConcurrentHashMap<>();

  /**
   * The container ids above each user's parent, by the parent's normalised DN: one entry per
   * container.
   */
  private final Map<String, List<String>> containerIdsByParent = new ConcurrentHashMap<>();

  /** The same, by the parent's text as the server wrote it: sibling users parse no DN. */
  private final ParentMemo<List<String>> containerIdsByParentText =
      new ParentMemo<>(this::containerIdsOfParent, List.of());

  private final ObjectClassMatcher users;
  private final ObjectClassMatcher groups;
  private final ObjectClassMatcher containers;

  private volatile java.time.Instant idsSince;
  private volatile String memberOfAttribute;

  /** {@link #memberOfAttribute} in lower case, for lookups. */
  private volatile String memberOfLookup;

  private volatile boolean membershipKnown;

  EntryMapper(LdapPool pool, Dialect dialect, LdapConfig config, Clock clock) {
    this.pool = pool;
    this.dialect = dialect;
    Map<String, List<String>> m = new LinkedHashMap<>(dialect.defaultMapping());
    m.putAll(config.attributeMapping());
    this.mapping = Map.copyOf(m);
    Map<String, List<String>> lower = new HashMap<>();
    mapping.forEach(
        (field, names) ->
            lower.put(field, names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()));
    this.lookupNames = Map.copyOf(lower);
    this.extraAttributes = config.extraAttributes();
    this.clock = clock;
    this.users = new ObjectClassMatcher(dialect.userFilter());
    this.groups = new ObjectClassMatcher(dialect.groupFilter());
    this.containers = new ObjectClassMatcher(dialect.containerFilter());
  }

  /** The normalised form of {@code dn} (lower case, canonical escapes), for comparing DNs. */
  static String norm(String dn) {
    try {
      return new DN(dn).toNormalizedString();
    } catch (LDAPException e) {
      return dn.trim().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The attribute listing a user's direct groups, or null when groups must be scanned. Connects on
   * first use.
   */
  String memberOfAttribute() {
    if (!membershipKnown) {
      ServerInfo info = pool.info();
      boolean schemaHasMemberOf = false;
      try {
        com.unboundid.ldap.sdk.schema.Schema schema = pool.pool().getSchema();
        schemaHasMemberOf = schema != null && schema.getAttributeType("memberOf") != null;
      } catch (LDAPException | RuntimeException e) {
        schemaHasMemberOf = false;
      }
      String found = dialect.memberOfAttribute(info, schemaHasMemberOf).orElse(null);
      memberOfLookup = found == null ? null : found.toLowerCase(Locale.ROOT);
      memberOfAttribute = found;
      membershipKnown = true;
    }
    return memberOfAttribute;
  }

  /** The attributes read for users. */
  /** The dialect entries are read in. */
  Dialect dialect() {
    return dialect;
  }

  String[] userAttributes() {
    Set<String> names = new LinkedHashSet<>();
    names.add("objectClass");
    names.addAll(dialect.idAttributes());
    mapping.values().forEach(names::addAll);
    names.addAll(dialect.statusAttributes());
    String memberOf = memberOfAttribute();
    if (memberOf != null) {
      names.add(memberOf);
    }
    names.addAll(extraAttributes);
    return names.toArray(String[]::new);
  }

  /** The attributes read for any entry: those of users, plus names and group kinds. */
  String[] entryAttributes() {
    Set<String> names = new LinkedHashSet<>(List.of(userAttributes()));
    names.addAll(List.of("cn", "ou", "o", "dc", "name", "groupType"));
    return names.toArray(String[]::new);
  }

  /**
   * Forgets the remembered ids of DNs when they are older than {@code age}, so a long-lived source
   * sees renames.
   */
  void forgetIfOlderThan(java.time.Duration age) {
    java.time.Instant now = clock.instant();
    java.time.Instant since = idsSince;
    if (since == null || since.plus(age).isBefore(now)) {
      idsByDn.clear();
      idsByRawDn.clear();
      idsByRawValue.clear();
      containerIdsByParent.clear();
      containerIdsByParentText.clear();
      idsSince = now;
    }
  }

  /**
   * The id of the entry at {@code dn}, looked up once and remembered; null when it cannot be read.
   */
  String idOfDn(String dn) {
    String id = idsByRawDn.get(dn);
    if (id == null) {
      id = idOfDn(dn, norm(dn));
      idsByRawDn.put(dn, id == null ? NO_ID : id);
      return id;
    }
    return id.equals(NO_ID) ? null : id;
  }

  /** As {@link #idOfDn(String)}, for a DN as the bytes the server sent. */
  String idOfDn(ASN1OctetString rawDn) {
    String id = idsByRawValue.get(rawDn);
    if (id == null) {
      id = idOfDn(rawDn.stringValue());
      idsByRawValue.put(new ASN1OctetString(rawDn.getValue()), id == null ? NO_ID : id);
      return id;
    }
    return id.equals(NO_ID) ? null : id;
  }

  private String idOfDn(String dn, String key) {
    String id = idsByDn.get(key);
    if (id == null) {
      Entry e =
          pool.read(dn, "reading the id of " + dn, dialect.idAttributes().toArray(String[]::new));
      String found = e == null ? null : dialect.idOf(e);
      id = found == null ? NO_ID : found;
      idsByDn.put(key, id);
    }
    return id.equals(NO_ID) ? null : id;
  }

  /** Remembers the id of an entry just read. */
  void remember(Entry e) {
    String id = dialect.idOf(e);
    if (id != null) {
      idsByDn.put(norm(e.getDN()), id);
    }
  }

  private volatile Set<String> namingContexts;

  /**
   * Ids of the containers above {@code dn}, nearest first, up to the naming context that holds it.
   */
  List<String> containerIds(String dn) {
    try {
      return containerIds(new DN(dn));
    } catch (LDAPException e) {
      return List.of(); // An unparsable DN has no containers we can name.
    }
  }

  /** As {@link #containerIds(String)}, for a DN already parsed; remembered per parent container. */
  List<String> containerIds(DN dn) {
    DN parent = dn.getParent();
    return parent == null ? List.of() : containerIdsOfParent(parent);
  }

  /**
   * As {@link #containerIds(String)}, for an entry read: remembered by its parent's text, so only
   * the first user of each container has its DN parsed.
   */
  List<String> containerIds(Entry e) {
    return containerIdsByParentText.of(e);
  }

  private List<String> containerIdsOfParent(DN parent) {
    String key = parent.toNormalizedString();
    List<String> ids = containerIdsByParent.get(key);
    if (ids == null) {
      ids = List.copyOf(containerIdsOf(parent));
      containerIdsByParent.put(key, ids);
    }
    return ids;
  }

  private List<String> containerIdsOf(DN first) {
    Set<String> contexts = namingContexts;
    if (contexts == null) {
      Set<String> c = new HashSet<>();
      for (String context : pool.info().namingContexts()) {
        c.add(norm(context));
      }
      contexts = Set.copyOf(c);
      namingContexts = contexts;
    }
    List<String> out = new ArrayList<>();
    DN parent = first;
    while (parent != null && !parent.isNullDN()) {
      String key = parent.toNormalizedString();
      String id = idOfDn(parent.toString(), key);
      if (id == null) {
        break;
      }
      out.add(id);
      if (contexts.contains(key)) {
        break;
      }
      parent = parent.getParent();
    }
    return out;
  }

  /** Whether {@code e} matches the dialect's user filter and not its group filter. */
  boolean isUser(Entry e) {
    byte[][] classes = ObjectClassMatcher.classesOf(e);
    return users.matches(e, classes) && !groups.matches(e, classes);
  }

  /** Whether {@code e} matches the dialect's group filter. */
  boolean isGroup(Entry e) {
    return groups.matches(e, ObjectClassMatcher.classesOf(e));
  }

  /** Whether {@code e} matches the dialect's container filter. */
  boolean isContainer(Entry e) {
    return containers.matches(e, ObjectClassMatcher.classesOf(e));
  }

  /**
   * The model entry for {@code e}, or empty when it is neither user, group nor container, or has no
   * id.
   */
  Optional<DirectoryEntry> toEntry(Entry e, Function<String, List<String>> groupIndex) {
    if (dialect.idOf(e) == null) {
      return Optional.empty();
    }
    if (isGroup(e)) {
      return Optional.of(toGroup(e));
    }
    if (isUser(e)) {
      return Optional.ofNullable(toUser(e, groupIndex));
    }
    if (isContainer(e)) {
      return Optional.of(toContainer(e));
    }
    return Optional.empty();
  }

  DirectoryGroup toGroup(Entry e) {
    remember(e);
    return new DirectoryGroup(dialect.idOf(e), e.getDN(), rdnValue(e), dialect.groupKind(e));
  }

  Container toContainer(Entry e) {
    remember(e);
    return new Container(dialect.idOf(e), e.getDN(), rdnValue(e), dialect.containerKind(e));
  }

  private static String rdnValue(Entry e) {
    try {
      RDN rdn = new DN(e.getDN()).getRDN();
      return rdn == null ? e.getDN() : rdn.getAttributeValues()[0];
    } catch (LDAPException ex) {
      return e.getDN();
    }
  }

  /**
   * The user for {@code e}, or null (with the reason in {@link #lastSkipReason}) when it has no id
   * or no login name: one bad entry must not stop the rest.
   *
   * @param groupIndex direct group ids by normalised member DN, used when the directory has no
   *     memberOf; may be null
   */
  DirectoryUser toUser(Entry e, Function<String, List<String>> groupIndex) {
    return toUser(e, dialect.idOf(e), groupIndex);
  }

  /** As {@link #toUser(Entry, Function)}, with the entry's id already read ({@code id}). */
  DirectoryUser toUser(Entry e, String id, Function<String, List<String>> groupIndex) {
    String login = field(e, "loginName");
    if (id == null || login == null) {
      lastSkipReason.set(
          "user "
              + e.getDN()
              + " has no "
              + (id == null
                  ? "id (" + String.join(" or ", dialect.idAttributes()) + ")"
                  : "login name (" + String.join(" or ", mapping.get("loginName")) + ")")
              + " and is skipped");
      return null;
    }
    List<String> groupIds = new ArrayList<>();
    if (memberOfAttribute() != null) {
      Attribute groups = e.getAttribute(memberOfLookup);
      if (groups != null) {
        for (ASN1OctetString g : groups.getRawValues()) {
          String gid = idOfDn(g);
          if (gid != null) {
            groupIds.add(gid);
          }
        }
      }
    } else if (groupIndex != null) {
      groupIds.addAll(groupIndex.apply(normalizedDn(e)));
    }
    return DirectoryUser.builder(id, e.getDN(), login)
        .email(field(e, "email"))
        .givenName(field(e, "givenName"))
        .surname(field(e, "surname"))
        .displayName(field(e, "displayName"))
        .title(field(e, "title"))
        .department(field(e, "department"))
        .phone(field(e, "phone"))
        .enabled(dialect.enabled(e, clock.instant()))
        .containerIds(containerIds(e))
        .groupIds(groupIds)
        // Not copied: a view over the entry, whose values are decoded only when asked for.
        .attributes(Attributes.view(() -> textNames(e), name -> textValues(e, name)))
        .build();
  }

  /**
   * Whether the user's {@link Attributes} show {@code a}: not the object classes, nor a binary
   * attribute of the dialect (by its name without options, in any case).
   */
  private boolean isTextAttribute(Attribute a) {
    if (a.getName().equalsIgnoreCase("objectClass")) {
      return false;
    }
    String base = a.getBaseName();
    for (String binary : dialect.binaryAttributes()) {
      if (binary.equalsIgnoreCase(base)) {
        return false;
      }
    }
    return true;
  }

  /** The names of {@code e}'s text attributes. */
  private List<String> textNames(Entry e) {
    List<String> names = new ArrayList<>(e.getAttributes().size());
    for (Attribute a : e.getAttributes()) {
      if (isTextAttribute(a)) {
        names.add(a.getName());
      }
    }
    return names;
  }

  /** The values of {@code e}'s text attribute {@code name} (any case), or null. */
  private List<String> textValues(Entry e, String name) {
    Attribute a = e.getAttribute(name);
    return a == null || !isTextAttribute(a) ? null : List.of(a.getValues());
  }

  /** The entry's DN, parsed once and kept by the entry; null when it does not parse. */
  static DN parsedDn(Entry e) {
    try {
      return e.getParsedDN();
    } catch (LDAPException ex) {
      return null;
    }
  }

  /** The entry's normalised DN from its parsed DN (parsed once per entry). */
  static String normalizedDn(Entry e) {
    DN dn = parsedDn(e);
    return dn == null ? e.getDN().trim().toLowerCase(Locale.ROOT) : dn.toNormalizedString();
  }

  /** Why the last {@link #toUser} returned null, on this thread. */
  final ThreadLocal<String> lastSkipReason = new ThreadLocal<>();

  private String field(Entry e, String field) {
    for (String attribute : lookupNames.getOrDefault(field, List.of())) {
      String v = e.getAttributeValue(attribute);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
