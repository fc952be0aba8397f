package io.pulsegate.engine;

/** Presence counts of one channel. */
public record PresenceStats(long numClients, long numUsers) {}
