package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a search the server's own size limit stopped (OpenLDAP's {@code olcSizeLimit}, 500 by
 * default, also ends paged searches unless {@code size.prtotal} is raised for the reader) into
 * smaller searches whose union is exactly the entries the stopped one would have returned:
 *
 * <ul>
 *   <li>a subtree search of B becomes a base search of B, a one-level search of B and a subtree
 *       search under each child of B that is a container or not a user (user entries are taken to
 *       be leaves); where those children are themselves more than the limit, the subtree search is
 *       partitioned by attribute as below instead;
 *   <li>a one-level search becomes one search per first character of the entries' naming attribute
 *       (a to z, 0 to 9: substring matching ignores case) plus the complement, the entries whose
 *       value starts otherwise or who lack the attribute; a prefix still over the limit is split
 *       the same way one character deeper, with the complement of its children; a complement still
 *       over the limit is split the same way by the next attribute of {@link #ATTRIBUTES} (its own
 *       complement then holds the entries that none of them splits).
 * </ul>
 *
 * <p>An entry may come from more than one part (a multi-valued naming attribute, or entries the
 * stopped search had already returned): the caller gives each user once. Where the split cannot get
 * under the limit (a complement over it, a prefix of {@value #MAX_PREFIX} characters, more
 * containers under one entry than the limit) the read is incomplete with the server setting the
 * administrator must change. Stateless; the listing of children does network I/O.
 */
final class SizeLimitSplit {
  /** First characters a prefix is split by; everything else is in the complement. */
  static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** The longest prefix tried before giving up. */
  static final int MAX_PREFIX = 12;

  /** Attributes tried after the naming attribute, in order. */
  static final List<String> ATTRIBUTES = List.of("uid", "cn", "sAMAccountName", "mail", "sn");

  private SizeLimitSplit() {}

  /**
   * One search of a read and how it was narrowed.
   *
   * @param base where it searches
   * @param scope its scope
   * @param filter the read's own filter, before any narrowing
   * @param attributes the attributes asked for
   * @param doing what the whole read does, for messages
   * @param attribute the naming attribute it is partitioned by, or null when it is not
   * @param prefix the prefix of {@code attribute} it holds (empty at the top), or null
   * @param complement whether it holds the entries under {@code prefix} that no longer prefix holds
   * @param tried the attributes it was partitioned by, the current one last
   * @param whole whether it is the search as asked for, not split at all
   */
  record Part(
      String base,
      SearchScope scope,
      Filter filter,
      String[] attributes,
      String doing,
      String attribute,
      String prefix,
      boolean complement,
      List<String> tried,
      boolean whole) {

    /** The search as it was asked for, not narrowed. */
    static Part whole(SearchRequest request, String doing) {
      return new Part(
          request.getBaseDN(),
          request.getScope(),
          request.getFilter(),
          request.getAttributes(),
          doing,
          null,
          null,
          false,
          List.of(),
          true);
    }

    Part at(String newBase, SearchScope newScope) {
      return new Part(
          newBase, newScope, filter, attributes, doing, null, null, false, List.of(), false);
    }

    /** This part, noted as partitioned by its own attribute. */
    Part thenByCurrent() {
      return new Part(
          base,
          scope,
          filter,
          attributes,
          doing,
          attribute,
          prefix,
          complement,
          List.of(attribute),
          false);
    }

    Part by(String name, String newPrefix, boolean isComplement) {
      return new Part(
          base, scope, filter, attributes, doing, name, newPrefix, isComplement, tried, false);
    }

    /** This complement's entries, to be partitioned by {@code name} from the start. */
    Part thenBy(String name) {
      List<String> names = new ArrayList<>(tried);
      names.add(name);
      return new Part(
          base,
          scope,
          request().getFilter(),
          attributes,
          doing,
          name,
          "",
          false,
          List.copyOf(names),
          false);
    }

    /** The search request, narrowed. */
    SearchRequest request() {
      Filter narrowed = filter;
      if (attribute != null) {
        List<Filter> parts = new ArrayList<>(List.of(filter));
        if (!prefix.isEmpty()) {
          parts.add(startsWith(attribute, prefix));
        }
        if (complement) {
          List<Filter> children = new ArrayList<>();
          for (char c : ALPHABET.toCharArray()) {
            children.add(startsWith(attribute, prefix + c));
          }
          parts.add(Filter.createNOTFilter(Filter.createORFilter(children)));
        }
        narrowed = Filter.createANDFilter(parts);
      }
      return new SearchRequest(base, scope, narrowed, attributes);
    }

    /** What this part reads, for messages and logs. */
    String describe() {
      if (whole) {
        return doing;
      }
      String where =
          scope == SearchScope.BASE
              ? "the entry " + base
              : scope == SearchScope.ONE ? "directly under " + base : "under " + base;
      if (attribute == null) {
        return doing + " (" + where + ")";
      }
      String which =
          complement
              ? (prefix.isEmpty()
                  ? "whose " + attribute + " starts with no letter or digit, or who have none"
                  : "whose "
                      + attribute
                      + " is '"
                      + prefix
                      + "' or goes on with no letter or digit")
              : "whose " + attribute + " starts with '" + prefix + "'";
      return doing + " (" + where + ", entries " + which + ")";
    }

    private static Filter startsWith(String attribute, String prefix) {
      return Filter.createSubstringFilter(attribute, prefix, null, null);
    }
  }

  /**
   * The parts that together hold exactly what {@code stopped} would have, or a reason why there are
   * none.
   *
   * @param parts the smaller searches, or null when the search cannot be split further
   * @param impossible why not, when {@code parts} is null
   */
  record Outcome(List<Part> parts, String impossible) {}

  /**
   * Splits {@code part}, which the server's size limit stopped.
   *
   * @param namingAttribute the naming attribute of an entry the stopped search returned, or null
   */
  static Outcome split(LdapPool pool, Dialect dialect, Part part, String namingAttribute) {
    if (part.attribute() == null
        && (part.scope() == SearchScope.SUB || part.scope() == SearchScope.SUBORDINATE_SUBTREE)) {
      Filter holders =
          Filter.createORFilter(
              dialect.containerFilter(), Filter.createNOTFilter(dialect.userFilter()));
      SearchRequest listing = new SearchRequest(part.base(), SearchScope.ONE, holders, "1.1");
      List<Part> parts = new ArrayList<>();
      if (part.scope() == SearchScope.SUB) {
        parts.add(part.at(part.base(), SearchScope.BASE));
      }
      parts.add(part.at(part.base(), SearchScope.ONE));
      try (PagedSearch children =
          new PagedSearch(
              pool,
              listing,
              pool.config().pageSize(),
              "listing the containers under " + part.base())) {
        while (!children.done()) {
          for (SearchResultEntry child : children.nextPage()) {
            parts.add(part.at(child.getDN(), SearchScope.SUB));
          }
        }
        if (!children.incompleteReason().isEmpty()) {
          // More containers than the limit (or a listing that failed): partition the subtree by
          // attribute instead.
          return byAttribute(pool, part, namingAttribute);
        }
      }
      return new Outcome(parts, null);
    }
    if (part.attribute() == null) {
      return byAttribute(pool, part, namingAttribute);
    }
    if (part.complement()) {
      List<String> tried =
          part.tried().stream().map(a -> a.toLowerCase(java.util.Locale.ROOT)).toList();
      for (String next : ATTRIBUTES) {
        if (!tried.contains(next.toLowerCase(java.util.Locale.ROOT)) && splittable(pool, next)) {
          return new Outcome(byPrefix(part.thenBy(next)), null);
        }
      }
      return new Outcome(
          null,
          "the entries that no prefix of "
              + String.join(", ", part.tried())
              + " tells apart are more than the limit,"
              + " the last of them those whose "
              + part.attribute()
              + (part.prefix().isEmpty()
                  ? " starts with no letter or digit"
                  : " is '" + part.prefix() + "' or goes on with no letter or digit"));
    }
    if (part.prefix().length() >= MAX_PREFIX) {
      return new Outcome(
          null,
          "the entries whose "
              + part.attribute()
              + " starts with '"
              + part.prefix()
              + "' are more than the limit");
    }
    return new Outcome(byPrefix(part), null);
  }

  /**
   * {@code part} partitioned by prefixes of the naming attribute, else of the first of {@link
   * #ATTRIBUTES} the schema allows.
   */
  private static Outcome byAttribute(LdapPool pool, Part part, String namingAttribute) {
    List<String> candidates = new ArrayList<>();
    if (namingAttribute != null) {
      candidates.add(namingAttribute);
    }
    candidates.addAll(ATTRIBUTES);
    for (String attribute : candidates) {
      if (splittable(pool, attribute)) {
        return new Outcome(byPrefix(part.by(attribute, "", false).thenByCurrent()), null);
      }
    }
    return new Outcome(
        null,
        "the server's schema has none of "
            + String.join(", ", candidates)
            + " with substring matching");
  }

  /**
   * Whether {@code attribute} may partition entries: where the server publishes a schema, it must
   * define the attribute with a substring matching rule (its own or a superior's). Otherwise a
   * filter on it is Undefined, and the complement, {@code (!(...))}, would silently match nothing.
   */
  private static boolean splittable(LdapPool pool, String attribute) {
    com.unboundid.ldap.sdk.schema.Schema schema;
    try {
      schema = pool.pool().getSchema();
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      return false;
    }
    if (schema == null || schema.getAttributeTypes().isEmpty()) {
      return true; // no schema (UnboundID's in-memory server without one): filters are evaluated on
      // the values as they are
    }
    com.unboundid.ldap.sdk.schema.AttributeTypeDefinition type = schema.getAttributeType(attribute);
    for (int depth = 0; type != null && depth < 10; depth++) {
      if (type.getSubstringMatchingRule() != null) {
        return true;
      }
      type =
          type.getSuperiorType() == null ? null : schema.getAttributeType(type.getSuperiorType());
    }
    return false;
  }

  /** One part per next character of {@code part}'s prefix, and the complement. */
  private static List<Part> byPrefix(Part part) {
    List<Part> parts = new ArrayList<>();
    for (char c : ALPHABET.toCharArray()) {
      parts.add(part.by(part.attribute(), part.prefix() + c, false));
    }
    parts.add(part.by(part.attribute(), part.prefix(), true));
    return parts;
  }

  /**
   * The reason a read stays incomplete, with the server setting that lets the reader read it whole.
   */
  static String advice(LdapPool pool, String stoppedReason, String impossible) {
    String reader = pool.config().bind().describe();
    return stoppedReason
        + ", and splitting the search did not get under the limit ("
        + impossible
        + "): let "
        + reader
        + " read more entries per search; on OpenLDAP add to the database olcLimits: dn.exact=\""
        + reader
        + "\" size.prtotal=unlimited (or raise olcSizeLimit); on other servers raise their"
        + " per-search size limit for this account";
  }
}
