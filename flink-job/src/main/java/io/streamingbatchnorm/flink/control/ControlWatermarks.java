package io.streamingbatchnorm.flink.control;

import io.streamingbatchnorm.flink.model.ControlInput;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks of the control input: always the end of time. Commands apply by their effective time, not
 * by the watermark, and a control input without watermarks would hold the keyed stage's watermark (the
 * minimum of its inputs) at its start forever, so that no event-time window or batch delay ever closed.
 */
public class ControlWatermarks implements WatermarkGenerator<ControlInput> {
    @Override
    public void onEvent(ControlInput event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
}
