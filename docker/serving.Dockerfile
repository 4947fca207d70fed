# The serving application (Kafka Streams: statistics store, HTTP query API, eval-mode normalizer), run as
# 'normalize serve'. Build from the repository root once cli/target/normalize.jar exists
# (./normalize --version builds it):
#   docker build -f docker/serving.Dockerfile -t streaming-batchnorm/serving:0.1.0-SNAPSHOT .
FROM eclipse-temurin:17.0.18_8-jre-noble

RUN groupadd --system --gid 10001 normalize \
    && useradd --system --uid 10001 --gid normalize --home-dir /app --no-create-home normalize \
    && mkdir -p /app /var/lib/serving \
    && chown normalize:normalize /var/lib/serving

COPY cli/target/normalize.jar /app/normalize.jar

USER normalize
WORKDIR /app
EXPOSE 8080
# Kafka Streams keeps its state (a cache of the statistics topic) here; a lost directory is rebuilt.
VOLUME ["/var/lib/serving"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/normalize.jar", "serve", "--state-dir", "/var/lib/serving"]
CMD ["--bootstrap-servers", "kafka:9092"]
