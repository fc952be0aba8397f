package io.pulsegate.config;

import io.smallrye.config.WithDefault;

/** Channel naming, under {@code pulsegate.channel}. */
public interface ChannelConfig {

    /** Maximum channel name length in bytes. */
    @WithDefault("255")
    int maxLength();

    /**
     * Regular expression every channel name must match entirely. The default allows ASCII letters, digits and
     * {@code _ - . : # , = @ $ ! ~ +}; glob characters ({@code * ? [ ]}) and whitespace are never valid.
     */
    @WithDefault("[A-Za-z0-9_\\-.:#,=@$!~+]+")
    String allowedPattern();

    /** Options of channels without a namespace (no {@code :} in the name). */
    NamespaceConfig withoutNamespace();
}
