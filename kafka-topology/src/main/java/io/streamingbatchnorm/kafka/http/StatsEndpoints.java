package io.streamingbatchnorm.kafka.http;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.kafka.http.ApiHandler.Response;
import io.streamingbatchnorm.kafka.stats.SnapshotHistory;
import io.streamingbatchnorm.schemas.StatsVersion;
import io.streamingbatchnorm.schemas.VersionPin;
import io.streamingbatchnorm.schemas.json.ExportConventions;
import io.streamingbatchnorm.schemas.json.ExportRefusedException;
import io.streamingbatchnorm.schemas.json.JsonLines;
import io.streamingbatchnorm.schemas.json.ModelExport;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The statistics endpoints of the query API: a key's snapshot (the latest, or the version {@code version=} names),
 * the versions it holds, and the PyTorch or Keras export of either.
 */
final class StatsEndpoints {
    private final StatsQuery query;

    StatsEndpoints(StatsQuery query) {
        this.query = query;
    }

    /** {@code GET /stats/{key}[?version=V]}. */
    Response stats(String key, Map<String, String> parameters) {
        Selected s = select(key, parameters.get("version"));
        return s.response != null ? s.response : new Response(200, JsonLines.writeStatsSnapshot(s.snapshot));
    }

    /** {@code GET /stats/{key}/versions}: every held version, oldest first, with the pin that names it. */
    Response versions(String key) {
        SnapshotHistory history = query.history(key).orElse(null);
        if (history == null) {
            return unknownKey(key);
        }
        return new Response(200, Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("key", key);
            gen.writeArrayFieldStart("versions");
            for (int i = 0; i < history.size(); i++) {
                StatsVersion v = history.versions().get(i);
                StatsSnapshot s = history.get(i);
                gen.writeStartObject();
                gen.writeStringField("pin", v.toString());
                gen.writeNumberField("reset_generation", v.resetGeneration());
                gen.writeNumberField("version", v.version());
                gen.writeStringField("mode", s.getMode().name());
                gen.writeNumberField("count", s.getCount());
                if (s.getEventTime() == null) {
                    gen.writeNullField("event_time");
                } else {
                    gen.writeNumberField("event_time", s.getEventTime().toEpochMilli());
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }));
    }

    /** {@code GET /stats/{key}/export?format=F[&version=V][&frozen=true][&running=R&running_variance=V]}. */
    Response export(String key, Map<String, String> parameters) {
        String formatName = parameters.get("format");
        ModelExport.Format format = formatName == null ? null : ModelExport.Format.parse(formatName);
        if (format == null) {
            String allowed = Arrays.stream(ModelExport.Format.values())
                    .map(ModelExport.Format::flagForm)
                    .collect(Collectors.joining(", "));
            return badRequest(
                    "query parameter 'format' is " + (formatName == null ? "missing" : "'" + formatName + "'")
                            + "; use one of " + allowed,
                    key);
        }
        String frozen = parameters.getOrDefault("frozen", "false");
        if (!frozen.equals("true") && !frozen.equals("false")) {
            return badRequest("query parameter 'frozen' is '" + frozen + "'; use true or false", key);
        }
        ExportConventions declared;
        try {
            declared = ExportConventions.declared(parameters.get("running"), parameters.get("running_variance"));
        } catch (ConfigException e) {
            String name = e.option().equals("running") ? "running" : "running_variance";
            return badRequest("query parameter '" + name + "': " + e.getMessage(), key);
        }
        Selected s = select(key, parameters.get("version"));
        if (s.response != null) {
            return s.response;
        }
        try {
            return new Response(
                    200,
                    ModelExport.export(s.snapshot, format, new ModelExport.Options(frozen.equals("true"), declared)));
        } catch (ExportRefusedException e) {
            return new Response(
                    409,
                    Json.error(
                            "cannot export key '" + key + "' as a " + format.flagForm() + " layer: " + e.getMessage(),
                            key));
        }
    }

    /** A snapshot, or the response that says why there is none. */
    private record Selected(StatsSnapshot snapshot, Response response) {}

    private Selected select(String key, String version) {
        VersionPin pin = null;
        if (version != null) {
            try {
                pin = VersionPin.parse(version);
            } catch (IllegalArgumentException e) {
                return new Selected(null, badRequest("query parameter 'version': " + e.getMessage(), key));
            }
        }
        SnapshotHistory history = query.history(key).orElse(null);
        if (history == null) {
            return new Selected(null, unknownKey(key));
        }
        if (pin == null) {
            return new Selected(history.latest(), null);
        }
        VersionPin.Match m = pin.find(history.versions());
        if (!m.found()) {
            return new Selected(
                    null,
                    new Response(
                            404,
                            Json.error(
                                    "key '" + key + "' has no statistics version " + pin + ": " + m.problem()
                                            + "; GET /stats/{key}/versions lists them",
                                    key)));
        }
        return new Selected(history.get(m.index()), null);
    }

    static Response unknownKey(String key) {
        return new Response(
                404, Json.error("key '" + key + "' has no statistics; GET /keys lists the keys that have", key));
    }

    private static Response badRequest(String message, String key) {
        return new Response(400, Json.error(message, key));
    }
}
