package io.streamingbatchnorm.bench.replay;

import io.streamingbatchnorm.bench.harness.FeatureData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A seeded replay input file: records round-robin over the keys, 10 ms apart, every value present. */
final class ReplayInputFile {
    private ReplayInputFile() {}

    static Path write(Path file, int records, int keys, int dimension) throws IOException {
        FeatureData data = new FeatureData(7, dimension);
        StringBuilder line = new StringBuilder(512);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records; i++) {
                line.setLength(0);
                line.append("{\"key\":\"")
                        .append(FeatureData.key(i, keys))
                        .append("\",\"event_time\":")
                        .append(FeatureData.T0 + 10L * i)
                        .append(",\"values\":[");
                double[] v = data.vector();
                for (int j = 0; j < v.length; j++) {
                    line.append(j == 0 ? "" : ",").append(v[j]);
                }
                line.append("],\"id\":\"r").append(i).append("\"}\n");
                out.append(line);
            }
        }
        return file;
    }
}
