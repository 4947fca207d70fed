package io.streamingbatchnorm.bench.e2e;

/** What the end-to-end benchmark runs over the same pre-loaded records. */
public enum Scenario {
    LOOP("a", "loop", "Kafka consume-produce loop (no Flink)"),
    PASSTHROUGH("b", "passthrough", "Flink: decode, re-encode, no keyBy, no windows"),
    KEYED("b'", "keyed", "Flink: decode, keyBy, re-encode, no windows"),
    TRAIN("c", "train", "full job, train mode (count batches)"),
    EVAL("d", "eval", "full job, eval mode (EVAL * before start)");

    public final String label;
    public final String flag;
    public final String description;

    Scenario(String label, String flag, String description) {
        this.label = label;
        this.flag = flag;
        this.description = description;
    }

    public static Scenario ofFlag(String flag) {
        for (Scenario s : values()) {
            if (s.flag.equals(flag)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown scenario '" + flag + "'; use loop, passthrough, keyed, train, eval");
    }
}
