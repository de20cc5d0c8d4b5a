package dev.umt.state;

import dev.umt.ConfigurationException;

/**
 * The ledger file is missing or empty although the data folder shows that UMT managed accounts (in
 * its run history or ledger journal). Opening it as an empty ledger would forget every managed
 * account, so it is refused; the message says what is missing and the two deliberate ways on:
 * restore the file, or start a new ledger by writing an empty one.
 */
public final class MissingLedgerException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  MissingLedgerException(String message) {
    super(message);
  }
}
