package io.streamingbatchnorm.flink.model;

/** One of the job's three outputs, for sinks that take them as a single stream (replay collects them so). */
public class OutputEvent {
    public NormalizedEvent normalized;
    public StatsEvent stats;
    public DeadLetterEvent deadLetter;

    public OutputEvent() {}

    public static OutputEvent of(NormalizedEvent e) {
        OutputEvent o = new OutputEvent();
        o.normalized = e;
        return o;
    }

    public static OutputEvent of(StatsEvent e) {
        OutputEvent o = new OutputEvent();
        o.stats = e;
        return o;
    }

    public static OutputEvent of(DeadLetterEvent e) {
        OutputEvent o = new OutputEvent();
        o.deadLetter = e;
        return o;
    }
}
