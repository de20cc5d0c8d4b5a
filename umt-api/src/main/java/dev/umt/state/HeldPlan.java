package dev.umt.state;

import java.time.Instant;

/**
 * A plan that crossed a safety threshold and waits for approval.
 *
 * @param planId the id to approve
 * @param fingerprint a digest of the plan's steps; approval re-plans and refuses when it differs
 * @param createdAt when the plan was made
 * @param reason why it was held
 */
public record HeldPlan(String planId, String fingerprint, Instant createdAt, String reason) {}
