/**
 * The GoToMyPC administration API client ({@link dev.umt.gotomypc.GoToMyPcClient}) and the {@code
 * gotomypc} {@link dev.umt.target.ProvisioningTargetProvider}. {@code dev.umt.gotomypc.internal}
 * (HTTP execution, tokens, pacing, wire formats) is not exported.
 */
module dev.umt.gotomypc {
  requires transitive dev.umt.api;
  requires org.slf4j;
  requires retrofit2;
  requires retrofit2.converter.moshi;
  requires okhttp3;
  requires okio;
  requires com.squareup.moshi;
  requires io.github.resilience4j.retry;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.core;
  // OkHttp, Okio and Moshi are automatic modules that need the Kotlin standard library, an explicit
  // module that the module system resolves only when a module requires it.
  requires kotlin.stdlib;

  exports dev.umt.gotomypc;
  exports dev.umt.gotomypc.target;

  // Moshi reads and writes the wire records by reflection; Retrofit proxies the API interface.
  opens dev.umt.gotomypc to
      com.squareup.moshi;
  opens dev.umt.gotomypc.internal to
      com.squareup.moshi,
      retrofit2;

  provides dev.umt.target.ProvisioningTargetProvider with
      dev.umt.gotomypc.target.GoToMyPcTargetProvider;
}
