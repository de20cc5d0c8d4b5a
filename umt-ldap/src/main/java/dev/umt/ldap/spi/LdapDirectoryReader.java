package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.LdapConfig.GroupExpansion;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads users, groups and containers from any LDAP directory described by a {@link Dialect}: the
 * shared engine behind the generic, Active Directory and eDirectory sources. Thread-safe; connects
 * on first use; every search is paged where the server advertises paging, and only advertised
 * controls are sent.
 *
 * <pre>{@code
 * try (LdapDirectoryReader reader = new LdapDirectoryReader(config, new MyDirectoryDialect())) {
 *   SourceInfo info = reader.checkConnection();
 * }
 * }</pre>
 */
public final class LdapDirectoryReader implements DirectorySource {
  /** AD's LDAP_MATCHING_RULE_IN_CHAIN. */
  public static final String IN_CHAIN_RULE = "1.2.840.113556.1.4.1941";

  /** Groups per search when users are searched by the groups they are in. */
  private static final int GROUPS_PER_SEARCH = 100;

  private final LdapConfig config;
  private final Dialect dialect;
  private final LdapPool pool;
  private final EntryMapper mapper;

  /** A reader of the directory {@code config} describes, in {@code dialect}. No network I/O. */
  public LdapDirectoryReader(LdapConfig config, Dialect dialect) {
    this(config, dialect, Clock.systemUTC());
  }

  /** As {@link #LdapDirectoryReader(LdapConfig, Dialect)}, with the clock that decides expiry. */
  public LdapDirectoryReader(LdapConfig config, Dialect dialect, Clock clock) {
    this.config = config;
    this.dialect = dialect;
    this.pool = new LdapPool(config);
    this.mapper = new EntryMapper(pool, dialect, config, clock);
  }

  /** The configuration. */
  public LdapConfig config() {
    return config;
  }

  /** What the server advertises; connects on first use. */
  public ServerInfo serverInfo() {
    return pool.info();
  }

  /** The base DN reads start from: the configured one, else the server's default naming context. */
  public String baseDn() {
    if (config.baseDn().isPresent()) {
      return config.baseDn().get();
    }
    ServerInfo info = pool.info();
    if (info.defaultNamingContext() != null) {
      return info.defaultNamingContext();
    }
    if (!info.namingContexts().isEmpty()) {
      return info.namingContexts().get(0);
    }
    throw new ConfigurationException(
        "LDAP server " + config.servers() + " names no naming context: set baseDn");
  }

  @Override
  public SourceInfo checkConnection() {
    ServerInfo info = pool.info();
    String base = baseDn();
    SearchResultEntry baseEntry = pool.read(base, "reading the base DN " + base, "objectClass");
    if (baseEntry == null) {
      throw new ConfigurationException(
          "base DN "
              + base
              + " does not exist on LDAP server "
              + config.servers().toString().replaceAll("[\\[\\]]", "")
              + " (naming contexts: "
              + String.join("; ", info.namingContexts())
              + ")");
    }
    String boundAs = config.bind().describe();
    if (info.supportsExtension(ServerInfo.WHO_AM_I_EXTENSION)) {
      WhoAmIExtendedResult who =
          pool.call(
              "asking the server who we are",
              c -> (WhoAmIExtendedResult) c.processExtendedOperation(new WhoAmIExtendedRequest()));
      String id = who.getAuthorizationID();
      if (id != null) {
        String name =
            id.startsWith("dn:") ? id.substring(3) : id.startsWith("u:") ? id.substring(2) : id;
        boundAs = name.isBlank() ? "anonymous" : name;
      }
    } else if (config.bind() instanceof dev.umt.ldap.Bind.Kerberos kerberos) {
      // No Who Am I (Samba): the bind succeeded with the ticket of the cache's principal.
      boundAs = KerberosTickets.principal(kerberos).orElse(boundAs);
    }
    return new SourceInfo(
        info.vendor(), info.version(), info.namingContexts(), boundAs, info.capabilities());
  }

  @Override
  public List<DirectoryEntry> children(String dn) {
    checkDn(dn, "children of");
    if (pool.read(dn, "reading " + dn, "objectClass") == null) {
      throw new ConfigurationException(
          dn
              + " does not exist on LDAP server "
              + config.servers().toString().replaceAll("[\\[\\]]", ""));
    }
    SearchRequest request =
        new SearchRequest(
            dn,
            SearchScope.ONE,
            Filter.createORFilter(dialect.containerFilter(), dialect.groupFilter()),
            mapper.entryAttributes());
    List<DirectoryEntry> out = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    try (SplittingSearch search =
        new SplittingSearch(
            pool,
            dialect,
            List.of(request),
            List.of("listing the containers and groups under " + dn),
            config.pageSize())) {
      while (!search.done()) {
        for (SearchResultEntry e : search.nextPage()) {
          if (dialect.idOf(e) != null && !ids.add(dialect.idOf(e))) {
            continue; // read again by a search split at the server's size limit
          }
          if (mapper.isGroup(e) && dialect.idOf(e) != null) {
            out.add(mapper.toGroup(e));
          } else if (mapper.isContainer(e) && dialect.idOf(e) != null) {
            out.add(mapper.toContainer(e));
          }
        }
      }
    }
    return out;
  }

  @Override
  public Optional<DirectoryEntry> findById(String id) {
    Optional<SearchResultEntry> e = entryById(id);
    Supplier<GroupIndex> groups = groupScan();
    return e.flatMap(entry -> mapper.toEntry(entry, memberDn -> groups.get().groupIdsOf(memberDn)));
  }

  @Override
  public Optional<DirectoryEntry> findByDn(String dn) {
    checkDn(dn, "lookup of");
    SearchResultEntry e = pool.read(dn, "reading " + dn, mapper.entryAttributes());
    Supplier<GroupIndex> groups = groupScan();
    return e == null
        ? Optional.empty()
        : mapper.toEntry(e, memberDn -> groups.get().groupIdsOf(memberDn));
  }

  private void checkDn(String dn, String what) {
    if (dn == null || !DN.isValidDN(dn)) {
      throw new ConfigurationException(
          "'" + dn + "' is not a valid DN (in the " + what + " " + dn + ")");
    }
  }

  private Optional<SearchResultEntry> entryById(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    Optional<Filter> filter = dialect.idFilter(id);
    if (filter.isEmpty()) {
      return Optional.empty();
    }
    String base = baseDn();
    List<SearchResultEntry> found =
        pool.call(
            "looking up the entry with id " + id + " under " + base,
            c -> {
              SearchRequest request =
                  new SearchRequest(base, SearchScope.SUB, filter.get(), mapper.entryAttributes());
              request.setSizeLimit(2);
              try {
                return c.search(request).getSearchEntries();
              } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
                if (e.getResultCode() == com.unboundid.ldap.sdk.ResultCode.SIZE_LIMIT_EXCEEDED) {
                  return e.getSearchEntries();
                }
                throw e;
              }
            });
    if (found.size() > 1) {
      throw new ConfigurationException(
          "id "
              + id
              + " matches several entries under "
              + base
              + ": "
              + found.get(0).getDN()
              + " and "
              + found.get(1).getDN());
    }
    return found.stream().findFirst();
  }

  @Override
  public PageCursor<ScopedUser> users(Scope scope, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive, not " + pageSize);
    }
    Filter userFilter = userFilter(scope);
    mapper.forgetIfOlderThan(java.time.Duration.ofMinutes(5));
    SearchResultEntry root = resolve(scope);
    Supplier<GroupIndex> groupIndex = groupScan();
    if (scope.kind() == Scope.Kind.CONTAINER) {
      String rootDn = root.getDN();
      SearchRequest request =
          new SearchRequest(
              rootDn,
              scope.recursive() ? SearchScope.SUB : SearchScope.ONE,
              userFilter,
              mapper.userAttributes());
      return new UserCursor(
          new SearchPages(
              pool,
              mapper,
              List.of(request),
              List.of("reading the users of " + scope.describe()),
              pageSize,
              containerPaths(rootDn),
              groupIndex,
              ""));
    }
    GroupExpansion strategy =
        config.groupExpansion() == GroupExpansion.AUTO
            ? dialect.defaultGroupExpansion(pool.info())
            : config.groupExpansion();
    String memberOf = mapper.memberOfAttribute();
    if (strategy == GroupExpansion.IN_CHAIN && !pool.info().isActiveDirectory()) {
      throw new ConfigurationException(
          "groupExpansion IN_CHAIN needs Active Directory's in-chain matching rule, which "
              + pool.info().vendor()
              + " at "
              + config.servers()
              + " does not offer (it would silently find nobody): use MEMBER_LIST");
    }
    if ((strategy == GroupExpansion.MEMBER_OF || strategy == GroupExpansion.IN_CHAIN)
        && memberOf == null) {
      throw new ConfigurationException(
          "groupExpansion "
              + strategy
              + " needs users with memberOf, which "
              + dialect.directoryName()
              + " at "
              + config.servers()
              + " does not keep: use MEMBER_LIST");
    }
    if (strategy == GroupExpansion.MEMBER_LIST) {
      return new UserCursor(
          new MemberWalk(
              pool,
              dialect,
              mapper,
              root.getDN(),
              scope.recursive(),
              pageSize,
              userFilter,
              groupIndex));
    }
    return membersByMemberOf(root.getDN(), scope, strategy, memberOf, userFilter, pageSize);
  }

  /**
   * The users in the group {@code rootDn} found by their {@code memberOf}: the nested groups come
   * from the in-chain rule or from one read of every group's {@code memberOf} closed over in
   * memory.
   */
  private PageCursor<ScopedUser> membersByMemberOf(
      String rootDn,
      Scope scope,
      GroupExpansion strategy,
      String memberOf,
      Filter userFilter,
      int pageSize) {
    Map<String, List<String>> paths = new LinkedHashMap<>();
    paths.put(EntryMapper.norm(rootDn), List.of(rootDn));
    String incomplete = "";
    if (scope.recursive()) {
      Filter groups =
          strategy == GroupExpansion.IN_CHAIN
              ? Filter.createANDFilter(
                  dialect.groupFilter(),
                  Filter.createExtensibleMatchFilter(memberOf, IN_CHAIN_RULE, false, rootDn))
              : dialect.groupFilter();
      SearchRequest request =
          new SearchRequest(baseDn(), SearchScope.SUB, groups, memberOf, "objectClass");
      Map<String, String> dnByNorm = new HashMap<>();
      Map<String, List<String>> childrenByParent = new HashMap<>();
      String doing = "reading the nested groups of " + rootDn;
      try (SplittingSearch search =
          new SplittingSearch(pool, dialect, List.of(request), List.of(doing), config.pageSize())) {
        while (!search.done()) {
          for (SearchResultEntry g : search.nextPage()) {
            String child = EntryMapper.norm(g.getDN());
            dnByNorm.put(child, g.getDN());
            String[] parents = g.getAttributeValues(memberOf);
            if (parents != null) {
              for (String parent : parents) {
                childrenByParent
                    .computeIfAbsent(EntryMapper.norm(parent), k -> new ArrayList<>())
                    .add(child);
              }
            }
          }
        }
        incomplete = search.incompleteReason();
      }
      Deque<String> queue = new ArrayDeque<>(List.of(EntryMapper.norm(rootDn)));
      while (!queue.isEmpty()) {
        String parent = queue.poll();
        for (String child : childrenByParent.getOrDefault(parent, List.of())) {
          if (!paths.containsKey(child)) {
            List<String> path = new ArrayList<>(paths.get(parent));
            path.add(dnByNorm.get(child));
            paths.put(child, List.copyOf(path));
            queue.add(child);
          }
        }
      }
    }
    List<SearchRequest> requests = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    String[] attributes = mapper.userAttributes();
    if (strategy == GroupExpansion.IN_CHAIN && scope.recursive()) {
      requests.add(
          new SearchRequest(
              baseDn(),
              SearchScope.SUB,
              Filter.createANDFilter(
                  userFilter,
                  Filter.createExtensibleMatchFilter(memberOf, IN_CHAIN_RULE, false, rootDn)),
              attributes));
      descriptions.add("reading the users of " + scope.describe() + " with the in-chain rule");
    } else {
      List<String> groupDns = new ArrayList<>();
      paths.values().forEach(p -> groupDns.add(p.get(p.size() - 1)));
      for (int i = 0; i < groupDns.size(); i += GROUPS_PER_SEARCH) {
        List<Filter> any = new ArrayList<>();
        for (String g : groupDns.subList(i, Math.min(groupDns.size(), i + GROUPS_PER_SEARCH))) {
          any.add(Filter.createEqualityFilter(memberOf, g));
        }
        requests.add(
            new SearchRequest(
                baseDn(),
                SearchScope.SUB,
                Filter.createANDFilter(userFilter, Filter.createORFilter(any)),
                attributes));
        descriptions.add("reading the users of " + scope.describe() + " by " + memberOf);
      }
    }
    return new UserCursor(
        new SearchPages(
            pool,
            mapper,
            requests,
            descriptions,
            pageSize,
            e -> {
              List<String> best = null;
              String[] groups = e.getAttributeValues(memberOf);
              if (groups != null) {
                for (String g : groups) {
                  List<String> p = paths.get(EntryMapper.norm(g));
                  if (p != null && (best == null || p.size() < best.size())) {
                    best = p;
                  }
                }
              }
              return best == null ? List.of(rootDn) : best;
            },
            groupScan(),
            incomplete));
  }

  /**
   * The index of group members for one read (where users carry no memberOf): scanned when first
   * needed, then kept for the rest of that read only, so memberships are never older than the read.
   */
  private Supplier<GroupIndex> groupScan() {
    return new Supplier<>() {
      private GroupIndex index;

      @Override
      public synchronized GroupIndex get() {
        if (index == null) {
          index = GroupIndex.scan(pool, dialect, mapper, baseDn());
        }
        return index;
      }
    };
  }

  /**
   * For one read: the containers from the scope's root down to each user's own container,
   * remembered per container (the read's containers, not its users) by the parent's text, so only
   * the first user of each container has its DN parsed ({@link ParentMemo}).
   */
  private static java.util.function.Function<SearchResultEntry, List<String>> containerPaths(
      String rootDn) {
    DN root;
    try {
      root = new DN(rootDn);
    } catch (LDAPException e) {
      return e2 -> List.of(rootDn);
    }
    Map<DN, List<String>> byParent = new HashMap<>();
    ParentMemo<List<String>> byParentText =
        new ParentMemo<>(
            p -> byParent.computeIfAbsent(p, q -> containerPath(root, rootDn, q)), List.of(rootDn));
    return byParentText::of;
  }

  private static List<String> containerPath(DN root, String rootDn, DN userParent) {
    List<String> path = new ArrayList<>();
    DN parent = userParent;
    while (parent != null && !parent.equals(root) && parent.isDescendantOf(root, false)) {
      path.add(0, parent.toString());
      parent = parent.getParent();
    }
    path.add(0, rootDn);
    return List.copyOf(path);
  }

  private Filter userFilter(Scope scope) {
    List<Filter> parts = new ArrayList<>();
    parts.add(dialect.userFilter());
    if (config.extraUserFilter().isPresent()) {
      parts.add(parse(config.extraUserFilter().get(), "the configured user filter"));
    }
    if (scope.filter() != null) {
      parts.add(parse(scope.filter(), "the filter of scope " + scope.dn()));
    }
    return parts.size() == 1 ? parts.get(0) : Filter.createANDFilter(parts);
  }

  private static Filter parse(String filter, String what) {
    try {
      return Filter.create(filter);
    } catch (LDAPException e) {
      throw new ConfigurationException(
          what + " '" + filter + "' is not a valid LDAP filter: " + e.getMessage());
    }
  }

  /**
   * The users of {@code scope} among {@code userIds}, with reads proportional to the ids: one
   * search per hundred ids (the scope's filter and the ids, under the scope's container, or under
   * the base DN for a group scope), and for a group scope the groups that list each user found,
   * followed up to the scope's group (one search per group on the way, remembered for the read).
   */
  @Override
  public PageCursor<ScopedUser> users(Scope scope, java.util.Set<String> userIds, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive, not " + pageSize);
    }
    Filter userFilter = userFilter(scope);
    mapper.forgetIfOlderThan(java.time.Duration.ofMinutes(5));
    SearchResultEntry root = resolve(scope);
    List<Filter> ids = new ArrayList<>();
    for (String id : new java.util.TreeSet<>(userIds)) {
      dialect.idFilter(id).ifPresent(ids::add);
    }
    String rootDn = root.getDN();
    boolean container = scope.kind() == Scope.Kind.CONTAINER;
    List<SearchRequest> requests = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += GROUPS_PER_SEARCH) {
      Filter some =
          Filter.createANDFilter(
              userFilter,
              Filter.createORFilter(ids.subList(i, Math.min(ids.size(), i + GROUPS_PER_SEARCH))));
      requests.add(
          container
              ? new SearchRequest(
                  rootDn,
                  scope.recursive() ? SearchScope.SUB : SearchScope.ONE,
                  some,
                  mapper.userAttributes())
              : new SearchRequest(baseDn(), SearchScope.SUB, some, mapper.userAttributes()));
      descriptions.add(
          "reading "
              + Math.min(GROUPS_PER_SEARCH, ids.size() - i)
              + " given users of "
              + scope.describe());
    }
    java.util.function.Function<SearchResultEntry, List<String>> via;
    if (container) {
      via = containerPaths(rootDn);
    } else {
      GroupPaths paths = new GroupPaths(rootDn, scope.recursive());
      via = e -> paths.pathTo(e.getDN());
    }
    return new UserCursor(
        new SearchPages(pool, mapper, requests, descriptions, pageSize, via, groupScan(), ""));
  }

  /**
   * The path from a group down to a member, found upwards from the member through the groups that
   * list it. Not thread-safe.
   */
  private final class GroupPaths {
    private final String rootDn;
    private final String rootKey;
    private final boolean nested;
    private final String memberOf;
    private final boolean byMemberOf;
    private final Map<String, List<String>> listing = new HashMap<>();

    GroupPaths(String rootDn, boolean nested) {
      GroupExpansion strategy =
          config.groupExpansion() == GroupExpansion.AUTO
              ? dialect.defaultGroupExpansion(pool.info())
              : config.groupExpansion();
      this.memberOf = mapper.memberOfAttribute();
      this.byMemberOf = memberOf != null && strategy != GroupExpansion.MEMBER_LIST;
      this.rootDn = rootDn;
      this.rootKey = EntryMapper.norm(rootDn);
      this.nested = nested;
    }

    /**
     * The DNs from the root group down to the member's direct group, or null when {@code memberDn}
     * is not in it.
     */
    List<String> pathTo(String memberDn) {
      Map<String, String> down = new HashMap<>();
      Map<String, String> dns = new HashMap<>();
      Deque<String> queue = new ArrayDeque<>();
      for (String g : groupsListing(memberDn)) {
        String key = EntryMapper.norm(g);
        if (!down.containsKey(key)) {
          down.put(key, null);
          dns.put(key, g);
          queue.add(key);
        }
      }
      while (!queue.isEmpty()) {
        String key = queue.poll();
        if (key.equals(rootKey)) {
          List<String> path = new ArrayList<>(List.of(rootDn));
          for (String k = down.get(key); k != null; k = down.get(k)) {
            path.add(dns.get(k));
          }
          return path;
        }
        if (!nested) {
          continue;
        }
        for (String parent : groupsListing(dns.get(key))) {
          String p = EntryMapper.norm(parent);
          if (!down.containsKey(p)) {
            down.put(p, key);
            dns.put(p, parent);
            queue.add(p);
          }
        }
      }
      return null;
    }

    /**
     * The groups that list {@code dn} as a member: its {@code memberOf} where the source expands
     * groups by memberOf (one base read, indexed on AD, where a search by member is not), else a
     * search of the groups by their member values.
     */
    private List<String> groupsListing(String dn) {
      return listing.computeIfAbsent(
          EntryMapper.norm(dn),
          k -> {
            if (byMemberOf) {
              SearchResultEntry e = pool.read(dn, "reading the groups of " + dn, memberOf);
              String[] groups = e == null ? null : e.getAttributeValues(memberOf);
              return groups == null ? List.of() : List.of(groups);
            }
            List<Filter> any = new ArrayList<>();
            for (String attribute : dialect.memberAttributes()) {
              any.add(Filter.createEqualityFilter(attribute, dn));
            }
            SearchRequest request =
                new SearchRequest(
                    baseDn(),
                    SearchScope.SUB,
                    Filter.createANDFilter(dialect.groupFilter(), Filter.createORFilter(any)),
                    "1.1");
            List<String> out = new ArrayList<>();
            try (SplittingSearch search =
                new SplittingSearch(
                    pool,
                    dialect,
                    List.of(request),
                    List.of("reading the groups that list " + dn),
                    config.pageSize())) {
              while (!search.done()) {
                search.nextPage().forEach(g -> out.add(g.getDN()));
              }
              if (!search.incompleteReason().isEmpty()) {
                throw new dev.umt.TemporaryFailureException(
                    "could not read every group that lists "
                        + dn
                        + ": "
                        + search.incompleteReason());
              }
            }
            return out;
          });
    }
  }

  private volatile Optional<dev.umt.directory.ChangeFeed> feed;

  /**
   * The change feed this server offers for the dialect, chosen once from the root DSE: the first of
   * {@link Dialect#changeFeeds()} the server advertises (DirSync only when the bound account may
   * use it), or the one {@link LdapConfig#changeFeed()} forces. Connects on first use.
   *
   * @throws ConfigurationException when a forced feed is not offered by the server
   */
  @Override
  public Optional<dev.umt.directory.ChangeFeed> changeFeed() {
    Optional<dev.umt.directory.ChangeFeed> f = feed;
    if (f == null) {
      synchronized (this) {
        f = feed;
        if (f == null) {
          f = chooseFeed();
          feed = f;
        }
      }
    }
    return f;
  }

  private Optional<dev.umt.directory.ChangeFeed> chooseFeed() {
    LdapConfig.ChangeFeed wanted = config.changeFeed();
    if (wanted == LdapConfig.ChangeFeed.NONE) {
      return Optional.empty();
    }
    ServerInfo info = pool.info();
    FeedSupport support = new FeedSupport(pool, mapper, dialect, this::baseDn, this::groupScan);
    List<LdapConfig.ChangeFeed> candidates =
        wanted == LdapConfig.ChangeFeed.AUTO ? dialect.changeFeeds() : List.of(wanted);
    List<String> why = new ArrayList<>();
    for (LdapConfig.ChangeFeed kind : candidates) {
      dev.umt.directory.ChangeFeed chosen = null;
      switch (kind) {
        case DIRSYNC -> {
          if (!info.supportsControl(ServerInfo.DIRSYNC_CONTROL)) {
            why.add("DirSync (" + ServerInfo.DIRSYNC_CONTROL + ") is not advertised");
          } else {
            DirSyncFeed dirSync = new DirSyncFeed(support);
            String refused = dirSync.refusal();
            if (refused == null) {
              chosen = dirSync;
            } else {
              why.add(refused);
            }
          }
        }
        case USN -> {
          if (info.highestCommittedUsn() == null) {
            why.add("the root DSE has no highestCommittedUSN");
          } else {
            chosen = new UsnFeed(support);
          }
        }
        case CONTENT_SYNC -> {
          if (!info.supportsControl(ServerInfo.CONTENT_SYNC_CONTROL)) {
            why.add("content sync (" + ServerInfo.CONTENT_SYNC_CONTROL + ") is not advertised");
          } else {
            chosen = new ContentSyncFeed(support);
          }
        }
        case TIMESTAMP -> chosen = new TimestampFeed(support, java.time.Clock.systemUTC());
        default -> {}
      }
      if (chosen != null) {
        org.slf4j.LoggerFactory.getLogger(LdapDirectoryReader.class)
            .info(
                "change feed of {}: {}{}",
                config.servers(),
                chosen.kind(),
                why.isEmpty() ? "" : " (" + String.join("; ", why) + ")");
        return Optional.of(chosen);
      }
    }
    if (wanted != LdapConfig.ChangeFeed.AUTO) {
      throw new ConfigurationException(
          "changeFeed "
              + wanted
              + " is not offered by LDAP server "
              + config.servers().toString().replaceAll("[\\[\\]]", "")
              + ": "
              + String.join("; ", why));
    }
    return Optional.empty();
  }

  /**
   * The scope's container or group, found by its permanent id; the DN is only a hint for messages.
   */
  private SearchResultEntry resolve(Scope scope) {
    String what = scope.kind() == Scope.Kind.CONTAINER ? "container" : "group";
    SearchResultEntry e =
        entryById(scope.id())
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "the "
                            + what
                            + " with id "
                            + scope.id()
                            + " (last known as "
                            + scope.dn()
                            + ") no longer exists under "
                            + baseDn()
                            + "; its rule cannot be read"));
    boolean right =
        scope.kind() == Scope.Kind.CONTAINER ? mapper.isContainer(e) : mapper.isGroup(e);
    if (!right) {
      throw new ConfigurationException(
          "the entry with id "
              + scope.id()
              + " ("
              + e.getDN()
              + ") is not a "
              + what
              + ", but the scope "
              + scope.describe()
              + " says it is");
    }
    mapper.remember(e);
    return e;
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return dialect.directoryName() + " source " + config;
  }
}
