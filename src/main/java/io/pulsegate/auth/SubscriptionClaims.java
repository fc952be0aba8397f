package io.pulsegate.auth;

/**
 * The verified content of a subscription token (brief §4.2). The caller still has to compare
 * {@code channel}, {@code user} and {@code client} with the subscribe request and connection
 * (mismatch → disconnect 3500). Byte arrays are owned by the record and must not be modified.
 *
 * @param user {@code sub}, {@code ""} for anonymous
 * @param channel the channel this token grants; never empty
 * @param client connection id the token is bound to, or {@code null} for any connection of the user
 * @param expireAt subscription expiry in Unix seconds, 0 = never (same rules as {@link ConnectionClaims})
 * @param info raw JSON of {@code info} or the decoded {@code b64info}; {@code null} if absent
 * @param data raw JSON of {@code data} or the decoded {@code b64data}; {@code null} if absent
 * @param override option overrides, {@code null} if absent
 */
public record SubscriptionClaims(String user, String channel, String client, long expireAt, byte[] info,
        byte[] data, ChannelOverride override) {}
