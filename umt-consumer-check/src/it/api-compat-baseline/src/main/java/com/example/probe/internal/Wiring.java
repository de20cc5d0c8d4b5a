package com.example.probe.internal;

/** Public but in an internal package, which the api-compat profile does not guard. */
public final class Wiring {
  /** Wires. */
  public String wire() {
    return "wired";
  }
}
