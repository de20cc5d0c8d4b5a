package dev.umt.directory;

import java.util.List;
import java.util.Set;

/**
 * What a directory source found when it checked its connection.
 *
 * @param vendor the server's vendor, such as {@code Samba Team} or {@code OpenLDAP}; "unknown" when
 *     not said
 * @param version the server's version, or "unknown"
 * @param namingContexts the naming contexts (base DNs) the server holds
 * @param boundAs the identity the source is bound as ("anonymous" when none)
 * @param capabilities what the source can use on this server
 */
public record SourceInfo(
    String vendor,
    String version,
    List<String> namingContexts,
    String boundAs,
    Set<Capability> capabilities) {

  /** Server features a source may use when, and only when, the server advertises them. */
  public enum Capability {
    PAGED_RESULTS,
    IN_CHAIN_MATCHING,
    DIRSYNC,
    USN_CHANGE_TRACKING,
    CONTENT_SYNC,
    RANGE_RETRIEVAL,
    CHANGE_FEED
  }

  public SourceInfo {
    namingContexts = List.copyOf(namingContexts);
    capabilities = Set.copyOf(capabilities);
  }
}
