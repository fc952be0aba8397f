package io.pulsegate.auth;

/**
 * Per-channel option overrides granted by a token ({@code override} claim, Centrifugo BoolValue
 * wrappers such as {@code {"presence":{"value":true}}}). A {@code null} component means "not
 * overridden, use the namespace option".
 *
 * @param presence overrides the namespace {@code presence} option
 * @param joinLeave overrides {@code join_leave}
 * @param forcePushJoinLeave overrides {@code force_push_join_leave}
 * @param forceRecovery overrides {@code force_recovery}
 * @param forcePositioning overrides {@code force_positioning}
 */
public record ChannelOverride(Boolean presence, Boolean joinLeave, Boolean forcePushJoinLeave,
        Boolean forceRecovery, Boolean forcePositioning) {}
