/**
 * The PostgreSQL test server that {@code scripts/test-servers} runs on 127.0.0.1 ({@link
 * dev.umt.testkit.postgres.PostgresTestServer}): a database per test class, skipped when the server
 * is absent unless {@code UMT_REQUIRE_TEST_SERVERS=1}. Nothing is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.umt.testkit.postgres;

import org.jspecify.annotations.NullMarked;
