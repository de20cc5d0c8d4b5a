package com.example.probe;

/** A public type whose methods UMT's api-compat profile guards. */
public final class Greeter {
  /** Says hello. */
  public String hello() {
    return "hello";
  }

  /** Says goodbye. */
  public String goodbye() {
    return "goodbye";
  }
}
