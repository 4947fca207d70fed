package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.avro.FeatureRecord;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Real data: daily weather of Seattle and New York, 2012-2015, one key per city, switched to eval mode
 * from 2015-01-01 on. Bundled in the jar from {@code examples/} (NOAA Climate Data Online, public domain,
 * as packaged in vega-datasets 3.2.1, BSD-3-Clause).
 */
public final class WeatherStream {
    static final String RECORDS = "/datasets/weather.jsonl";
    static final String CONTROL = "/datasets/weather-control.jsonl";
    public static final String ATTRIBUTION =
            "Weather data: NOAA Climate Data Online (U.S. Government work, public domain), "
                    + "as packaged in vega-datasets 3.2.1 (BSD-3-Clause).";
    public static final List<String> FEATURES = List.of("precipitation_mm", "temp_max_c", "temp_min_c", "wind_m_s");

    private WeatherStream() {}

    /** The first {@code limit} records of the file (all of them when {@code limit} is 0 or more than it holds). */
    public static DemoStream load(int limit) {
        List<Payload> payloads = new ArrayList<>();
        for (String line : lines(RECORDS)) {
            if (limit > 0 && payloads.size() == limit) {
                break;
            }
            FeatureRecord r = JsonLines.parseFeatureRecord(line);
            payloads.add(new Payload(
                    r.getKey(),
                    r.getEventTime().toEpochMilli(),
                    AvroWire.featureRecords().encode(r),
                    r,
                    null));
        }
        List<ControlCommand> commands = new ArrayList<>();
        for (String line : lines(CONTROL)) {
            commands.add(JsonLines.parseControlCommand(line));
        }
        ControlCommand eval = commands.get(0);
        Set<String> keys = new TreeSet<>();
        payloads.forEach(p -> keys.add(p.key()));
        String title = String.format(
                "weather: %,d daily observations of %s, NOAA", payloads.size(), String.join(" and ", keys));
        return new DemoStream(title, payloads, commands, eval.getEffectiveTime().toEpochMilli(), keys, FEATURES, 1);
    }

    private static List<String> lines(String resource) {
        List<String> out = new ArrayList<>();
        try (InputStream in = WeatherStream.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the weather data set " + resource + " is missing from the jar; rebuild it");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        return out;
    }
}
