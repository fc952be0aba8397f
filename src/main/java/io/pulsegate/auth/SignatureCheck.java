package io.pulsegate.auth;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Signature and registered-claim validation with jose4j for one token against its candidate keys.
 * {@code exp} is required when the caller says so (connection tokens with {@code require-exp}), else optional
 * (Centrifugo: no {@code exp} = never expires) and exact: the clock skew applies to {@code nbf} and {@code iat}
 * only. {@code aud}/{@code iss} are required only when configured. Pure CPU work, safe on an event loop.
 */
final class SignatureCheck {

    private static final Set<Integer> TIME_ERRORS = Set.of(ErrorCodes.EXPIRED, ErrorCodes.NOT_YET_VALID);

    private final TokenSettings settings;
    private final Clock clock;
    private final int skewSeconds;

    SignatureCheck(TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.skewSeconds = (int) Math.min(Integer.MAX_VALUE, settings.clockSkew().toSeconds());
    }

    /** @return the verified raw claims JSON */
    String verify(String token, String alg, List<PinnedKey> keys, boolean requireExp) {
        if (keys.isEmpty()) {
            throw TokenException.invalid("no key configured for the token's algorithm or kid");
        }
        TokenException last = null;
        for (PinnedKey key : keys) { // more than one only when a JWKS repeats a kid
            try {
                return verifyWith(token, key, requireExp);
            } catch (TokenException e) {
                last = e;
            }
        }
        throw last;
    }

    private String verifyWith(String token, PinnedKey key, boolean requireExp) {
        long now = clock.millis();
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setVerificationKey(key.key())
                .setJwsAlgorithmConstraints(
                        new AlgorithmConstraints(ConstraintType.PERMIT, key.algorithms().toArray(String[]::new)))
                .setEvaluationTime(NumericDate.fromMilliseconds(now))
                .setAllowedClockSkewInSeconds(skewSeconds);
        if (settings.allowWeakHmacSecret()) {
            builder.setRelaxVerificationKeyValidation(); // jose4j otherwise refuses HMAC keys below the hash size
        }
        settings.audience().ifPresentOrElse(aud -> builder.setExpectedAudience(true, aud),
                builder::setSkipDefaultAudienceValidation);
        settings.issuer().ifPresent(iss -> builder.setExpectedIssuer(true, iss));
        try {
            JwtClaims claims = builder.build().processToClaims(token);
            NumericDate exp = claims.getExpirationTime();
            if (exp == null && requireExp) {
                throw TokenException.invalid("token has no exp");
            }
            if (exp != null && exp.getValue() <= now / 1000) {
                throw TokenException.expired("token expired"); // jose4j stretched exp by the skew
            }
            NumericDate iat = claims.getIssuedAt();
            if (iat != null && iat.getValue() > now / 1000 + skewSeconds) {
                throw TokenException.invalid("token issued in the future");
            }
            return claims.getRawJson();
        } catch (InvalidJwtException e) {
            throw translate(e);
        } catch (MalformedClaimException e) {
            throw TokenException.invalid("malformed exp or iat claim");
        }
    }

    /** Only a token whose sole faults are time-based is EXPIRED; any other fault dominates. */
    private static TokenException translate(InvalidJwtException e) {
        List<ErrorCodeValidator.Error> errors = e.getErrorDetails();
        if (!errors.isEmpty() && errors.stream().allMatch(err -> TIME_ERRORS.contains(err.getErrorCode()))) {
            return TokenException.expired("token expired or not yet valid");
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return TokenException.invalid("signature invalid");
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return TokenException.invalid("audience mismatch");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return TokenException.invalid("issuer mismatch");
        }
        // jose4j messages may quote the claims, so they are never propagated.
        return TokenException.invalid("token rejected");
    }
}
