package io.pulsegate.auth;

/**
 * One entry of a connection token's {@code subs} map: a server-side subscription with its extras.
 * Byte arrays are owned by the record and must not be modified.
 *
 * @param info raw JSON of {@code info} or the decoded {@code b64info} (the latter wins); {@code null} if absent
 * @param data raw JSON of {@code data} or the decoded {@code b64data}; {@code null} if absent
 * @param override option overrides, {@code null} if absent
 */
public record SubClaim(byte[] info, byte[] data, ChannelOverride override) {

    /** A server-side subscription without extra info, data or overrides (token {@code channels} entries). */
    public static final SubClaim EMPTY = new SubClaim(null, null, null);
}
