package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.Entry;
import dev.umt.directory.SourceInfo.Capability;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a server's root DSE advertises. Features are used only where they are advertised: several
 * servers fail silently on AD-only features, and Samba hangs on an unadvertised critical control.
 *
 * @param vendor vendorName, or "unknown" (AD and Samba do not say; see {@link
 *     #isActiveDirectory()})
 * @param version vendorVersion, or "unknown"
 * @param namingContexts the naming contexts
 * @param defaultNamingContext AD's defaultNamingContext, or null
 * @param supportedControls control OIDs
 * @param supportedExtensions extended operation OIDs
 * @param supportedCapabilities AD capability OIDs
 * @param highestCommittedUsn AD's highestCommittedUSN, or null
 */
public record ServerInfo(
    String vendor,
    String version,
    List<String> namingContexts,
    String defaultNamingContext,
    Set<String> supportedControls,
    Set<String> supportedExtensions,
    Set<String> supportedCapabilities,
    String highestCommittedUsn) {

  /** Simple paged results, RFC 2696. */
  public static final String PAGED_RESULTS_CONTROL = "1.2.840.113556.1.4.319";

  /** AD DirSync. */
  public static final String DIRSYNC_CONTROL = "1.2.840.113556.1.4.841";

  /** RFC 4533 content synchronisation. */
  public static final String CONTENT_SYNC_CONTROL = "1.3.6.1.4.1.4203.1.9.1.1";

  /** The Who Am I extended operation, RFC 4532. */
  public static final String WHO_AM_I_EXTENSION = "1.3.6.1.4.1.4203.1.11.3";

  /** StartTLS, RFC 4511. */
  public static final String START_TLS_EXTENSION = "1.3.6.1.4.1.1466.20037";

  /** LDAP_CAP_ACTIVE_DIRECTORY_OID: the server is an AD domain controller (Samba says so too). */
  public static final String ACTIVE_DIRECTORY_CAPABILITY = "1.2.840.113556.1.4.800";

  /** LDAP_CAP_ACTIVE_DIRECTORY_ADAM_OID: AD LDS. */
  public static final String AD_LDS_CAPABILITY = "1.2.840.113556.1.4.1851";

  public ServerInfo {
    namingContexts = List.copyOf(namingContexts);
    supportedControls = Set.copyOf(supportedControls);
    supportedExtensions = Set.copyOf(supportedExtensions);
    supportedCapabilities = Set.copyOf(supportedCapabilities);
  }

  /** Reads a root DSE entry (requested with {@code +} and {@code *}). */
  public static ServerInfo of(Entry rootDse) {
    String vendor = first(rootDse, "vendorName");
    String version = first(rootDse, "vendorVersion");
    Set<String> caps = values(rootDse, "supportedCapabilities");
    if (vendor == null && caps.contains(ACTIVE_DIRECTORY_CAPABILITY)) {
      vendor = "Active Directory (Microsoft or compatible)";
    }
    if (version == null && rootDse.hasAttribute("domainControllerFunctionality")) {
      version =
          "domain controller functionality " + first(rootDse, "domainControllerFunctionality");
    }
    String[] contexts = rootDse.getAttributeValues("namingContexts");
    return new ServerInfo(
        vendor == null ? "unknown" : vendor,
        version == null ? "unknown" : version,
        contexts == null ? List.of() : List.of(contexts),
        first(rootDse, "defaultNamingContext"),
        values(rootDse, "supportedControl"),
        values(rootDse, "supportedExtension"),
        caps,
        first(rootDse, "highestCommittedUSN"));
  }

  private static String first(Entry e, String name) {
    return e.getAttributeValue(name);
  }

  private static Set<String> values(Entry e, String name) {
    String[] v = e.getAttributeValues(name);
    Set<String> out = new TreeSet<>();
    if (v != null) {
      out.addAll(List.of(v));
    }
    return out;
  }

  /** Whether the server says it is Active Directory (or AD LDS, or Samba's AD DC). */
  public boolean isActiveDirectory() {
    return supportedCapabilities.contains(ACTIVE_DIRECTORY_CAPABILITY)
        || supportedCapabilities.contains(AD_LDS_CAPABILITY);
  }

  /** Whether the control {@code oid} is advertised. */
  public boolean supportsControl(String oid) {
    return supportedControls.contains(oid);
  }

  /** Whether the extended operation {@code oid} is advertised. */
  public boolean supportsExtension(String oid) {
    return supportedExtensions.contains(oid);
  }

  /**
   * What UMT can use on this server. In-chain matching and range retrieval exist only on AD:
   * elsewhere they fail silently.
   */
  public Set<Capability> capabilities() {
    Set<Capability> c = EnumSet.noneOf(Capability.class);
    if (supportsControl(PAGED_RESULTS_CONTROL)) {
      c.add(Capability.PAGED_RESULTS);
    }
    if (isActiveDirectory()) {
      c.add(Capability.IN_CHAIN_MATCHING);
      c.add(Capability.RANGE_RETRIEVAL);
    }
    if (supportsControl(DIRSYNC_CONTROL)) {
      c.add(Capability.DIRSYNC);
    }
    if (highestCommittedUsn != null) {
      c.add(Capability.USN_CHANGE_TRACKING);
    }
    if (supportsControl(CONTENT_SYNC_CONTROL)) {
      c.add(Capability.CONTENT_SYNC);
    }
    return c;
  }
}
