package io.pulsegate.engine.map;

/** When a {@link MapStore#publish} writes (Centrifugo's {@code key_mode}). */
public enum KeyMode {
    /** Always set or replace. */
    ALWAYS,
    /** Only when the key does not exist; otherwise suppressed with {@link Suppressed#KEY_EXISTS}. */
    IF_NEW,
    /** Only when the key exists; otherwise suppressed with {@link Suppressed#KEY_NOT_FOUND}. */
    IF_EXISTS
}
