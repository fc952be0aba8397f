package io.pulsegate.auth;

import java.util.List;
import java.util.Map;

/**
 * The verified content of a connection token (brief §4.1). Byte arrays are owned by the record and
 * must not be modified.
 *
 * @param user {@code sub}, {@code ""} for anonymous
 * @param expireAt connection expiry in Unix seconds, 0 = never: {@code expire_at} when present
 *        (0 or negative = never), else {@code exp}, else 0. Not checked against the clock here.
 * @param info raw JSON of {@code info} or the decoded {@code b64info} (the latter wins); {@code null} if absent
 * @param channels server-side subscriptions to create ({@code channels}); never {@code null}
 * @param subs richer server-side subscriptions ({@code subs}), in token order; never {@code null}
 * @param meta raw JSON of {@code meta}, kept server-side only; {@code null} if absent
 */
public record ConnectionClaims(String user, long expireAt, byte[] info, List<String> channels,
        Map<String, SubClaim> subs, byte[] meta) {
    /** @return the claims of a connection without a token: anonymous user {@code ""}, never expires */
    public static ConnectionClaims anonymous() {
        return new ConnectionClaims("", 0, null, List.of(), Map.of(), null);
    }
}
