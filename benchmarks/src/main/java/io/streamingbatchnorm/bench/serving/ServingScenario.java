package io.streamingbatchnorm.bench.serving;

/** What the serving benchmark runs over the same input, with the same Kafka Streams settings. */
public enum ServingScenario {
    SERVING("serving", "the serving application: decode, statistics lookup, eval-mode normalization, encode"),
    PASSTHROUGH("passthrough", "Kafka Streams: decode, re-encode as NormalizedRecord, no statistics");

    final String flag;
    final String description;

    ServingScenario(String flag, String description) {
        this.flag = flag;
        this.description = description;
    }
}
