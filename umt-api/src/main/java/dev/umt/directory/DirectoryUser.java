package dev.umt.directory;

import dev.umt.internal.Checks;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A user read from a directory. Optional fields are {@code null} when the directory has no value.
 *
 * @param id the permanent id (objectGUID, GUID or entryUUID as a string)
 * @param dn the distinguished name
 * @param loginName the login name (sAMAccountName, uid or cn), never blank
 * @param email the mail address, or null
 * @param givenName the first name, or null
 * @param surname the last name, or null
 * @param displayName the full name shown to people, or null
 * @param title the job title, or null
 * @param department the department, or null
 * @param phone the telephone number, or null
 * @param enabled false when the directory disables or expires the account
 * @param containerIds ids of the containers the user sits in, nearest first (parent OU, then its
 *     parent, up to the domain)
 * @param groupIds ids of the groups the user is a direct member of
 * @param attributes further attributes, with case-insensitive names
 */
public record DirectoryUser(
    String id,
    String dn,
    String loginName,
    @Nullable String email,
    @Nullable String givenName,
    @Nullable String surname,
    @Nullable String displayName,
    @Nullable String title,
    @Nullable String department,
    @Nullable String phone,
    boolean enabled,
    List<String> containerIds,
    List<String> groupIds,
    Attributes attributes)
    implements DirectoryEntry {

  public DirectoryUser {
    Checks.notBlank(id, "user id");
    Checks.notBlank(dn, "user dn");
    if (loginName == null || loginName.isBlank()) {
      Checks.notBlank(loginName, "login name of " + dn); // the message made only when it is thrown
    }
    email = Checks.blankToNull(email);
    givenName = Checks.blankToNull(givenName);
    surname = Checks.blankToNull(surname);
    displayName = Checks.blankToNull(displayName);
    title = Checks.blankToNull(title);
    department = Checks.blankToNull(department);
    phone = Checks.blankToNull(phone);
    containerIds = noBlanks(containerIds, "container id", dn);
    groupIds = noBlanks(groupIds, "group id", dn);
    attributes = attributes == null ? Attributes.empty() : attributes;
  }

  /** {@code values} copied, or an error naming {@code what} of {@code dn} when one is blank. */
  private static List<String> noBlanks(List<String> values, String what, String dn) {
    for (int i = 0; i < values.size(); i++) { // no iterator: this runs for every user read
      String v = values.get(i);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException(what + " of " + dn + " is blank");
      }
    }
    return List.copyOf(values);
  }

  /** A builder for a user with the given id, DN and login name. */
  public static Builder builder(String id, String dn, String loginName) {
    return new Builder(id, dn, loginName);
  }

  /** A builder that starts from this user, to change a few fields. */
  public Builder toBuilder() {
    return new Builder(id, dn, loginName)
        .email(email)
        .givenName(givenName)
        .surname(surname)
        .displayName(displayName)
        .title(title)
        .department(department)
        .phone(phone)
        .enabled(enabled)
        .containerIds(containerIds)
        .groupIds(groupIds)
        .attributes(attributes);
  }

  /**
   * The value of an attribute by its directory name, for mapping templates: the further attributes
   * first, then the standard fields under their usual LDAP names ({@code mail}, {@code givenName},
   * {@code sn}, {@code displayName}, {@code title}, {@code department}, {@code telephoneNumber})
   * and {@code loginName}, {@code dn}, {@code id}.
   */
  public Optional<String> value(String name) {
    Optional<String> raw = attributes.first(name);
    if (raw.isPresent()) {
      return raw;
    }
    // The name as the rules usually spell it first: lower-casing it makes a string per call.
    String v = field(name);
    if (v == null) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!lower.equals(name)) {
        v = field(lower);
      }
    }
    return Optional.ofNullable(v);
  }

  /** The field {@code name} names, as written or in lower case; null when none or unset. */
  private @Nullable String field(String name) {
    return switch (name) {
      case "mail", "email" -> email;
      case "givenName", "givenname" -> givenName;
      case "sn", "surname" -> surname;
      case "displayName", "fullName", "displayname", "fullname" -> displayName;
      case "title" -> title;
      case "department", "departmentNumber", "departmentnumber", "ou" -> department;
      case "telephoneNumber", "telephonenumber", "phone" -> phone;
      case "loginName", "sAMAccountName", "loginname", "samaccountname", "uid" -> loginName;
      case "dn" -> dn;
      case "id" -> id;
      default -> null;
    };
  }

  /** Builds {@link DirectoryUser}s; the record's constructor validates. */
  public static final class Builder {
    private final String id;
    private String dn;
    private final String loginName;
    private String email;
    private String givenName;
    private String surname;
    private String displayName;
    private String title;
    private String department;
    private String phone;
    private boolean enabled = true;
    private List<String> containerIds = List.of();
    private List<String> groupIds = List.of();
    private Attributes attributes = Attributes.empty();

    private Builder(String id, String dn, String loginName) {
      this.id = id;
      this.dn = dn;
      this.loginName = loginName;
    }

    /** Another DN, as after a rename or a move; the id stays. */
    public Builder dn(String v) {
      dn = v;
      return this;
    }

    public Builder email(String v) {
      email = v;
      return this;
    }

    public Builder givenName(String v) {
      givenName = v;
      return this;
    }

    public Builder surname(String v) {
      surname = v;
      return this;
    }

    public Builder displayName(String v) {
      displayName = v;
      return this;
    }

    public Builder title(String v) {
      title = v;
      return this;
    }

    public Builder department(String v) {
      department = v;
      return this;
    }

    public Builder phone(String v) {
      phone = v;
      return this;
    }

    public Builder enabled(boolean v) {
      enabled = v;
      return this;
    }

    public Builder containerIds(List<String> v) {
      containerIds = v;
      return this;
    }

    public Builder groupIds(List<String> v) {
      groupIds = v;
      return this;
    }

    public Builder attributes(Attributes v) {
      attributes = v;
      return this;
    }

    public DirectoryUser build() {
      return new DirectoryUser(
          id,
          dn,
          loginName,
          email,
          givenName,
          surname,
          displayName,
          title,
          department,
          phone,
          enabled,
          containerIds,
          groupIds,
          attributes);
    }
  }
}
