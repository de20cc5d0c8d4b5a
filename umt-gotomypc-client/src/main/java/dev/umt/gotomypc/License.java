package dev.umt.gotomypc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A license of the company.
 *
 * @param key the license key users hold in {@code licenseKeys}
 * @param name its name
 * @param products the product codes it grants, such as {@code G2PC}
 * @param seats the seats bought, or null when the service does not say
 * @param seatsUsed the seats taken, or null when the service does not say
 */
public record License(
    String key,
    String name,
    List<String> products,
    @Nullable Integer seats,
    @Nullable Integer seatsUsed) {
  public License {
    products = List.copyOf(products);
  }

  /** Seats still free, or null when unknown. */
  public @Nullable Integer seatsFree() {
    return seats == null || seatsUsed == null ? null : seats - seatsUsed;
  }
}
