package io.pulsegate;

/** Build-independent product identity reported to clients and operators. */
public final class Version {

    /** Version string sent in the connect result and shown by {@code /api/info}. */
    public static final String VALUE = "0.1.0";

    private Version() {
    }
}
