package io.streamingbatchnorm.kafka.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the query API's requests; every answer is JSON. */
final class ApiHandler implements HttpHandler {
    static final String ENDPOINTS = "GET /health, GET /keys?limit=N&after=KEY, GET /stats/{key}[?version=V],"
            + " GET /stats/{key}/versions, GET /stats/{key}/export?format=pytorch|keras[&version=V], GET /metrics";

    /** Longer request paths are refused: no key needs more, and a client that sends one is confused. */
    static final int MAX_PATH_BYTES = 16_384;

    /** Keys per page of GET /keys unless the request asks for fewer. */
    static final int DEFAULT_PAGE = 1000;

    static final int MAX_PAGE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final StatsQuery query;
    private final StatsEndpoints stats;
    private final ServingMetrics metrics;
    private final byte[] token;

    /** @param token the bearer token every request but GET /health must carry, or {@code null} for none */
    ApiHandler(StatsQuery query, ServingMetrics metrics, String token) {
        this.query = query;
        this.stats = new StatsEndpoints(query);
        this.metrics = metrics;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** A status and a body, JSON unless said otherwise. */
    record Response(int status, String body, String contentType) {
        Response(int status, String body) {
            this(status, body, "application/json; charset=utf-8");
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(exchange);
            } catch (InvalidStateStoreException e) {
                response = new Response(
                        503,
                        Json.error(
                                "the statistics cannot be queried right now (application state " + query.state()
                                        + "); retry shortly",
                                null));
            } catch (IllegalArgumentException e) {
                response = new Response(400, Json.error("malformed request: " + e.getMessage(), null));
            } catch (RuntimeException e) {
                LOG.warn("Query API request {} failed", exchange.getRequestURI().getRawPath(), e);
                response = new Response(
                        500, Json.error("internal error: " + e.getClass().getSimpleName(), null));
            }
            if (response.status() == 405) {
                exchange.getResponseHeaders().set("Allow", "GET");
            }
            if (response.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"streaming-batchnorm\"");
            }
            send(exchange, response);
        }
    }

    private Response route(HttpExchange exchange) {
        if (!"GET".equals(exchange.getRequestMethod())) {
            return new Response(
                    405,
                    Json.error(
                            "method " + exchange.getRequestMethod() + " is not allowed; endpoints: " + ENDPOINTS,
                            null));
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        if (rawPath.length() > MAX_PATH_BYTES) {
            return new Response(
                    400,
                    Json.error("request path is " + rawPath.length() + " bytes, more than " + MAX_PATH_BYTES, null));
        }
        List<String> path = segments(rawPath);
        if (path.equals(List.of("health"))) {
            return health();
        }
        if (!authorized(exchange)) {
            return new Response(401, Json.error("send the API's token as 'Authorization: Bearer TOKEN'", null));
        }
        if (path.equals(List.of("metrics"))) {
            return new Response(200, metrics.prometheusText(), "text/plain; version=0.0.4; charset=utf-8");
        }
        if (path.equals(List.of("keys"))) {
            return keys(parameters(exchange.getRequestURI().getRawQuery()));
        }
        Map<String, String> parameters = parameters(exchange.getRequestURI().getRawQuery());
        if (path.size() == 2 && path.get(0).equals("stats")) {
            return stats.stats(path.get(1), parameters);
        }
        if (path.size() == 3 && path.get(0).equals("stats") && path.get(2).equals("versions")) {
            return stats.versions(path.get(1));
        }
        if (path.size() == 3 && path.get(0).equals("stats") && path.get(2).equals("export")) {
            return stats.export(path.get(1), parameters);
        }
        return new Response(404, Json.error("no such endpoint; endpoints: " + ENDPOINTS, null));
    }

    /** Constant-time, so that the time of a refusal says nothing about how much of the token was right. */
    private boolean authorized(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private Response keys(Map<String, String> parameters) {
        int limit = DEFAULT_PAGE;
        if (parameters.containsKey("limit")) {
            try {
                limit = Integer.parseInt(parameters.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                return new Response(
                        400,
                        Json.error("query parameter 'limit' must be a whole number in [1, " + MAX_PAGE + "]", null));
            }
        }
        StatsQuery.Page page = query.keys(parameters.get("after"), limit);
        return new Response(200, Json.write(gen -> {
            gen.writeStartObject();
            gen.writeArrayFieldStart("keys");
            for (String key : page.keys()) {
                gen.writeString(key);
            }
            gen.writeEndArray();
            if (page.next() == null) {
                gen.writeNullField("next");
            } else {
                gen.writeStringField("next", page.next());
            }
            gen.writeEndObject();
        }));
    }

    private Response health() {
        KafkaStreams.State state = query.state();
        String body = Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("state", state.name());
            gen.writeEndObject();
        });
        return new Response(state == KafkaStreams.State.RUNNING ? 200 : 503, body);
    }

    /** The decoded segments of a raw path: {@code /stats/a%2Fb} is {@code [stats, a/b]}. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                out.add(decode(segment));
            }
        }
        return out;
    }

    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            out.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    /** Percent-decoding of a URI component; unlike form decoding, a '+' stays a '+'. */
    private static String decode(String component) {
        return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
