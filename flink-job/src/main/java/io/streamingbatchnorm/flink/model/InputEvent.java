package io.streamingbatchnorm.flink.model;

/** What a source yields for one payload: either a feature record or the dead letter it became. */
public class InputEvent {
    public FeatureEvent feature;
    public DeadLetterEvent rejected;

    public InputEvent() {}

    public static InputEvent of(FeatureEvent feature) {
        InputEvent e = new InputEvent();
        e.feature = feature;
        return e;
    }

    public static InputEvent rejected(DeadLetterEvent dead) {
        InputEvent e = new InputEvent();
        e.rejected = dead;
        return e;
    }

    /** Event time for watermarks; a rejected payload has none and must not move the watermark. */
    public long timestamp() {
        return feature == null ? Long.MIN_VALUE : feature.eventTime;
    }
}
