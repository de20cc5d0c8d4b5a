package dev.umt.testkit.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFRecord;
import dev.umt.testkit.Organisation;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@link Organisation} as LDAP entries in each {@link LdapFlavour}, generated from its one
 * description, so every directory holds the same users under the same names.
 *
 * <p>What each flavour writes for a user (the cn is the RDN; {@code displayName} and {@code
 * fullName} are the cn):
 *
 * <table>
 * <caption>attributes per flavour</caption>
 * <tr><th></th><th>Active Directory</th><th>eDirectory</th><th>generic LDAPv3</th></tr>
 * <tr><td>classes</td><td>user</td>
 *     <td>inetOrgPerson, ndsLoginProperties, umtEdirectoryEntry</td><td>inetOrgPerson</td></tr>
 * <tr><td>id</td><td>objectGUID (server; in memory: name-based, AD byte order)</td>
 *     <td>GUID (name-based, written by the loader)</td><td>entryUUID (server)</td></tr>
 * <tr><td>login</td><td>sAMAccountName, userPrincipalName login@example.test</td><td>uid</td><td>uid</td></tr>
 * <tr><td>department</td><td>department</td><td>ou</td><td>departmentNumber</td></tr>
 * <tr><td>disabled</td><td>userAccountControl 514 (else 512)</td>
 *     <td>loginDisabled TRUE (else absent)</td><td>pwdAccountLockedTime 20250101000000Z</td></tr>
 * <tr><td>expired</td><td>accountExpires 2020-01-01</td>
 *     <td>loginExpirationTime 20200101000000Z</td><td>pwdEndTime 20200101000000Z</td></tr>
 * <tr><td>groups</td><td>group, groupType, member; memberOf</td>
 *     <td>groupOfNames, member; groupMembership</td><td>groupOfNames, member; memberOf</td></tr>
 * </table>
 *
 * Two traps for readers are set on purpose: {@value #FUTURE_EXPIRY_LOGIN}'s account expires on
 * 2099-12-31 (still enabled), and on AD {@value #NEVER_AS_ZERO_LOGIN}'s {@code accountExpires} is
 * {@code 0}, AD's other spelling of "never". Mail and telephone are absent where the organisation
 * has none. On AD, DNs use upper-case attribute names ({@code CN=...,OU=...,DC=...}), as AD returns
 * them.
 *
 * <pre>{@code
 * List<Entry> entries = OrganisationLdif.entries(Organisation.standard(), LdapFlavour.EDIRECTORY);
 * }</pre>
 */
public final class OrganisationLdif {

  /**
   * The login whose account expires in the future (2099-12-31): enabled, though it has an expiry.
   */
  public static final String FUTURE_EXPIRY_LOGIN = "gina";

  /** The login whose AD {@code accountExpires} is 0, which AD reads as "never". */
  public static final String NEVER_AS_ZERO_LOGIN = "erin";

  /** The generalized time of a past expiry. */
  static final String PAST = "20200101000000Z";

  /** The generalized time of a future expiry. */
  static final String FUTURE = "20991231000000Z";

  /**
   * When a disabled generic user was locked. (OpenLDAP also takes 000001010000Z, "locked for good",
   * but UnboundID's generalized time syntax refuses year 0; without a lockout duration any lock
   * holds.)
   */
  static final String LOCKED_SINCE = "20250101000000Z";

  /** AD's "never expires". */
  static final String AD_NEVER = "9223372036854775807";

  /** AD groupType of a global security group. */
  static final int AD_SECURITY_GLOBAL = -2147483646;

  /** AD groupType of a global distribution group. */
  static final int AD_DISTRIBUTION_GLOBAL = 2;

  private OrganisationLdif() {}

  /**
   * The complete entries of the organisation in {@code flavour}, parents first, base entry
   * included, with what a real directory maintains itself filled in (AD's objectGUID, memberOf,
   * uSNChanged, whenChanged, objectCategory, sAMAccountType; generic memberOf; eDirectory GUID and
   * groupMembership). For a server that checks nothing, such as UnboundID's in-memory server.
   */
  public static List<Entry> entries(Organisation organisation, LdapFlavour flavour) {
    return new Generator(organisation, flavour, true).entries();
  }

  /**
   * The changes that load the organisation into a real server that already has its base entry and
   * maintains ids and back links itself: adds of OUs, users and groups (groups with their user
   * members), then modifications that add group members (groups that contain each other cannot be
   * added in one step, and Samba refuses a member that does not exist yet). For eDirectory the base
   * entry (made by the server's set-up as {@code top, dcObject, organization}) gets a GUID too.
   */
  public static List<LDIFChangeRecord> changes(Organisation organisation, LdapFlavour flavour) {
    return new Generator(organisation, flavour, false).changes();
  }

  /** {@code records} as LDIF text, wrapped at 76 columns, non-ASCII values base64-encoded. */
  public static String ldif(List<? extends LDIFRecord> records) {
    StringBuilder b = new StringBuilder();
    for (LDIFRecord r : records) {
      r.toLDIFString(b, 76);
      b.append('\n');
    }
    return b.toString();
  }

  /** The base DN of {@code organisation} as {@code flavour} writes it (upper-case names on AD). */
  public static String baseDn(Organisation organisation, LdapFlavour flavour) {
    return formatDn(organisation.baseDn(), flavour);
  }

  /** The DN {@code dn} (as the organisation writes it) as {@code flavour} writes it. */
  public static String formatDn(String dn, LdapFlavour flavour) {
    try {
      RDN[] in = new DN(dn).getRDNs();
      RDN[] out = new RDN[in.length];
      for (int i = 0; i < in.length; i++) {
        String type = in[i].getAttributeNames()[0];
        type =
            flavour == LdapFlavour.ACTIVE_DIRECTORY
                ? type.toUpperCase(Locale.ROOT)
                : type.toLowerCase(Locale.ROOT);
        out[i] = new RDN(type, in[i].getAttributeValues()[0]);
      }
      return new DN(out).toString();
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a DN: '" + dn + "': " + e.getMessage(), e);
    }
  }

  /**
   * Prints the organisation as LDIF: {@code OrganisationLdif <active-directory|edirectory|generic>
   * [complete]}. Without {@code complete}, the changes for a real server ({@code ldapmodify -a
   * -f}).
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("complete"))) {
      System.err.println(
          "usage: OrganisationLdif <active-directory|edirectory|generic> [complete]");
      System.exit(2);
    }
    LdapFlavour flavour = LdapFlavour.of(args[0]);
    Organisation org = Organisation.standard();
    if (args.length == 2) {
      List<LDIFRecord> records = new ArrayList<>();
      for (Entry e : entries(org, flavour)) {
        records.add(e);
      }
      out.print(ldif(records));
    } else {
      out.print(ldif(changes(org, flavour)));
    }
  }

  /** A name-based id: the same entry gets the same id in every run. */
  static UUID uuidOf(LdapFlavour flavour, String dn) {
    String normalised;
    try {
      normalised = new DN(dn).toNormalizedString();
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a DN: '" + dn + "'", e);
    }
    return UUID.nameUUIDFromBytes(
        (flavour.id() + ":" + normalised).getBytes(StandardCharsets.UTF_8));
  }

  /** The 16 bytes of an AD objectGUID: the first three fields little-endian, the rest as is. */
  static byte[] objectGuidBytes(UUID uuid) {
    long msb = uuid.getMostSignificantBits();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) (msb >>> 32))
        .putShort((short) (msb >>> 16))
        .putShort((short) msb);
    b.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits());
    return b.array();
  }

  /** The 16 bytes of an eDirectory GUID, in the UUID's own order. */
  static byte[] guidBytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  /** An instant as AD's accountExpires: 100 ns intervals since 1601-01-01 UTC. */
  static String fileTime(Instant instant) {
    return Long.toString((instant.getEpochSecond() + 11_644_473_600L) * 10_000_000L);
  }

  /** Builds the entries of one organisation in one flavour. */
  private static final class Generator {
    private final Organisation org;
    private final LdapFlavour flavour;
    private final boolean complete;
    private final boolean ad;
    private final String baseDn;
    private final Map<String, String> userDnByLogin = new LinkedHashMap<>();
    private final Map<String, String> groupDnByName = new LinkedHashMap<>();

    /** For each user or group DN (formatted), the DNs of the groups it is a direct member of. */
    private final Map<String, List<String>> memberOf = new LinkedHashMap<>();

    private long usn = 12_000;

    Generator(Organisation org, LdapFlavour flavour, boolean complete) {
      this.org = org;
      this.flavour = flavour;
      this.complete = complete;
      this.ad = flavour == LdapFlavour.ACTIVE_DIRECTORY;
      this.baseDn = formatDn(org.baseDn(), flavour);
      for (Organisation.User u : org.users()) {
        userDnByLogin.put(u.login(), formatDn(u.dn(), flavour));
      }
      for (Organisation.Group g : org.groups()) {
        groupDnByName.put(g.name(), formatDn(g.dn(), flavour));
      }
      for (Organisation.Group g : org.groups()) {
        String groupDn = groupDnByName.get(g.name());
        for (String login : g.memberLogins()) {
          memberOf.computeIfAbsent(userDn(login, g), k -> new ArrayList<>()).add(groupDn);
        }
        for (String name : g.memberGroups()) {
          memberOf.computeIfAbsent(groupDn(name, g), k -> new ArrayList<>()).add(groupDn);
        }
      }
    }

    private String userDn(String login, Organisation.Group in) {
      String dn = userDnByLogin.get(login);
      if (dn == null) {
        throw new IllegalArgumentException(
            "group '"
                + in.name()
                + "' names member '"
                + login
                + "', who is not a user of the organisation");
      }
      return dn;
    }

    private String groupDn(String name, Organisation.Group in) {
      String dn = groupDnByName.get(name);
      if (dn == null) {
        throw new IllegalArgumentException(
            "group '"
                + in.name()
                + "' names member group '"
                + name
                + "', which is not a group of the organisation");
      }
      return dn;
    }

    List<Entry> entries() {
      List<Entry> out = new ArrayList<>();
      out.add(baseEntry());
      for (Organisation.Unit u : org.units()) {
        out.add(unit(u));
      }
      for (Organisation.User u : org.users()) {
        out.add(user(u));
      }
      for (Organisation.Group g : org.groups()) {
        out.add(group(g, true));
      }
      return out;
    }

    List<LDIFChangeRecord> changes() {
      List<LDIFChangeRecord> out = new ArrayList<>();
      if (flavour == LdapFlavour.EDIRECTORY) {
        out.add(
            new LDIFModifyChangeRecord(
                baseDn,
                new Modification(
                    ModificationType.REPLACE,
                    "objectClass",
                    "top",
                    "dcObject",
                    "organization",
                    "umtEdirectoryEntry"),
                new Modification(
                    ModificationType.REPLACE, "GUID", guidBytes(uuidOf(flavour, baseDn)))));
      }
      for (Organisation.Unit u : org.units()) {
        out.add(new LDIFAddChangeRecord(unit(u)));
      }
      for (Organisation.User u : org.users()) {
        out.add(new LDIFAddChangeRecord(user(u)));
      }
      List<LDIFChangeRecord> later = new ArrayList<>();
      for (Organisation.Group g : org.groups()) {
        // groupOfNames must have a member: a group without user members takes its groups at once.
        boolean allAtOnce = g.memberLogins().isEmpty() && !ad;
        out.add(new LDIFAddChangeRecord(group(g, allAtOnce)));
        if (!allAtOnce && !g.memberGroups().isEmpty()) {
          List<String> dns = new ArrayList<>();
          for (String name : g.memberGroups()) {
            dns.add(groupDn(name, g));
          }
          later.add(
              new LDIFModifyChangeRecord(
                  groupDnByName.get(g.name()),
                  new Modification(ModificationType.ADD, "member", dns.toArray(new String[0]))));
        }
      }
      out.addAll(later);
      return out;
    }

    private Entry baseEntry() {
      Entry e = new Entry(baseDn);
      String dc = rdnValue(baseDn);
      if (ad) {
        e.addAttribute("objectClass", "top", "domain", "domainDNS");
        e.addAttribute("dc", dc);
        adStamps(e, "Domain-DNS");
      } else {
        e.addAttribute("objectClass", "top", "dcObject", "organization");
        e.addAttribute("dc", dc);
        e.addAttribute("o", dc);
        edirGuid(e);
      }
      return e;
    }

    private Entry unit(Organisation.Unit u) {
      Entry e = new Entry(formatDn(u.dn(), flavour));
      e.addAttribute("objectClass", "top", "organizationalUnit");
      e.addAttribute("ou", u.name());
      if (ad && complete) {
        adStamps(e, "Organizational-Unit");
      }
      edirGuid(e);
      return e;
    }

    private Entry user(Organisation.User u) {
      String dn = userDnByLogin.get(u.login());
      Entry e = new Entry(dn);
      e.addAttribute("cn", u.commonName());
      e.addAttribute("sn", u.surname());
      e.addAttribute("givenName", u.givenName());
      e.addAttribute("title", u.title());
      if (u.mail() != null) {
        e.addAttribute("mail", u.mail());
      }
      if (u.phone() != null) {
        e.addAttribute("telephoneNumber", u.phone());
      }
      switch (flavour) {
        case ACTIVE_DIRECTORY -> {
          e.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
          e.addAttribute("displayName", u.commonName());
          e.addAttribute("sAMAccountName", u.login());
          e.addAttribute("userPrincipalName", u.login() + "@" + dnsDomain());
          e.addAttribute("department", u.department());
          e.addAttribute("userAccountControl", u.disabled() ? "514" : "512");
          String expires =
              u.expired()
                  ? fileTime(Instant.parse("2020-01-01T00:00:00Z"))
                  : u.login().equals(FUTURE_EXPIRY_LOGIN)
                      ? fileTime(Instant.parse("2099-12-31T00:00:00Z"))
                      : u.login().equals(NEVER_AS_ZERO_LOGIN) ? "0" : complete ? AD_NEVER : null;
          if (expires != null) {
            e.addAttribute("accountExpires", expires);
          }
          if (complete) {
            e.addAttribute("sAMAccountType", "805306368");
            adStamps(e, "Person");
            memberOf(e, "memberOf");
          }
        }
        case EDIRECTORY -> {
          e.addAttribute(
              "objectClass",
              "top",
              "person",
              "organizationalPerson",
              "inetOrgPerson",
              "ndsLoginProperties",
              "umtEdirectoryEntry");
          e.addAttribute("fullName", u.commonName());
          e.addAttribute("uid", u.login());
          e.addAttribute("ou", u.department());
          if (u.disabled()) {
            e.addAttribute("loginDisabled", "TRUE");
          }
          String expires =
              u.expired() ? PAST : u.login().equals(FUTURE_EXPIRY_LOGIN) ? FUTURE : null;
          if (expires != null) {
            e.addAttribute("loginExpirationTime", expires);
          }
          edirGuid(e);
          memberOf(e, "groupMembership");
        }
        case GENERIC -> {
          e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
          e.addAttribute("displayName", u.commonName());
          e.addAttribute("uid", u.login());
          e.addAttribute("departmentNumber", u.department());
          if (u.disabled()) {
            e.addAttribute("pwdAccountLockedTime", LOCKED_SINCE);
          }
          String expires =
              u.expired() ? PAST : u.login().equals(FUTURE_EXPIRY_LOGIN) ? FUTURE : null;
          if (expires != null) {
            e.addAttribute("pwdEndTime", expires);
          }
          if (complete) {
            memberOf(e, "memberOf");
          }
        }
      }
      return e;
    }

    private Entry group(Organisation.Group g, boolean withGroupMembers) {
      String dn = groupDnByName.get(g.name());
      Entry e = new Entry(dn);
      e.addAttribute("cn", g.name());
      List<String> members = new ArrayList<>();
      for (String login : g.memberLogins()) {
        members.add(userDn(login, g));
      }
      if (withGroupMembers) {
        for (String name : g.memberGroups()) {
          members.add(groupDn(name, g));
        }
      }
      if (!members.isEmpty()) {
        e.addAttribute("member", members);
      }
      if (ad) {
        e.addAttribute("objectClass", "top", "group");
        e.addAttribute("sAMAccountName", g.name());
        e.addAttribute(
            "groupType",
            Integer.toString(g.security() ? AD_SECURITY_GLOBAL : AD_DISTRIBUTION_GLOBAL));
        if (complete) {
          e.addAttribute("sAMAccountType", g.security() ? "268435456" : "268435457");
          adStamps(e, "Group");
          memberOf(e, "memberOf");
        }
      } else {
        e.addAttribute("objectClass", "top", "groupOfNames");
        if (flavour == LdapFlavour.EDIRECTORY) {
          edirGuid(e);
          memberOf(e, "groupMembership");
        } else if (complete) {
          memberOf(e, "memberOf");
        }
      }
      return e;
    }

    private void memberOf(Entry e, String attribute) {
      List<String> groups = memberOf.get(e.getDN());
      if (groups != null && !groups.isEmpty()) {
        e.addAttribute(attribute, groups);
      }
    }

    /** eDirectory's GUID and its auxiliary class, on every entry of that flavour. */
    private void edirGuid(Entry e) {
      if (flavour == LdapFlavour.EDIRECTORY) {
        if (!e.hasAttributeValue("objectClass", "umtEdirectoryEntry")) {
          e.addAttribute("objectClass", "umtEdirectoryEntry");
        }
        e.addAttribute(new Attribute("GUID", guidBytes(uuidOf(flavour, e.getDN()))));
      }
    }

    /** What AD maintains on every entry: objectGUID, objectCategory, USNs and time stamps. */
    private void adStamps(Entry e, String category) {
      e.addAttribute(new Attribute("objectGUID", objectGuidBytes(uuidOf(flavour, e.getDN()))));
      e.addAttribute("objectCategory", "CN=" + category + ",CN=Schema,CN=Configuration," + baseDn);
      long created = usn++;
      e.addAttribute("uSNCreated", Long.toString(created));
      e.addAttribute("uSNChanged", Long.toString(created));
      e.addAttribute("whenCreated", "20260101000000.0Z");
      e.addAttribute("whenChanged", "20260101000000.0Z");
    }

    /** example.test for DC=example,DC=test. */
    private String dnsDomain() {
      try {
        StringBuilder b = new StringBuilder();
        for (RDN r : new DN(baseDn).getRDNs()) {
          if (r.hasAttribute("dc")) {
            b.append(b.length() == 0 ? "" : ".").append(r.getAttributeValues()[0]);
          }
        }
        return b.toString().toLowerCase(Locale.ROOT);
      } catch (LDAPException e) {
        throw new IllegalArgumentException("not a DN: '" + baseDn + "'", e);
      }
    }

    private static String rdnValue(String dn) {
      try {
        return new DN(dn).getRDN().getAttributeValues()[0];
      } catch (LDAPException e) {
        throw new IllegalArgumentException("not a DN: '" + dn + "'", e);
      }
    }
  }
}
