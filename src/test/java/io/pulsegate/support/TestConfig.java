package io.pulsegate.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.pulsegate.config.PulsegateConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

/** Builds a real {@link PulsegateConfig} mapping from key/value pairs, for unit tests without Quarkus. */
public final class TestConfig {

    private TestConfig() {
    }

    /** @param pairs alternating keys and values, e.g. {@code "pulsegate.client.channel-limit", "2"} */
    public static PulsegateConfig of(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PulsegateConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new MapBackedConfigSource("test", values, 500) {
                })
                .build();
        return config.getConfigMapping(PulsegateConfig.class);
    }
}
