package io.pulsegate.engine.map;

/** Why a map write changed nothing (Centrifugo's {@code suppress_reason}). */
public enum Suppressed {
    /** Not suppressed: the write was applied. */
    NONE(""),
    /** {@link KeyMode#IF_NEW} and the key exists. */
    KEY_EXISTS("key_exists"),
    /** {@link KeyMode#IF_EXISTS} or a removal, and the key does not exist. */
    KEY_NOT_FOUND("key_not_found");

    private final String wireName;

    Suppressed(String wireName) {
        this.wireName = wireName;
    }

    /** @return the server API's {@code suppress_reason}, {@code ""} for {@link #NONE} */
    public String wireName() {
        return wireName;
    }
}
