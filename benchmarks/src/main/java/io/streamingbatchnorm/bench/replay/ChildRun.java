package io.streamingbatchnorm.bench.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall time, CPU time and peak resident memory of one command in a process of its own, as {@code /usr/bin/time}
 * reports them: whole-process figures, start-up and shutdown included.
 */
record ChildRun(double wallSeconds, double cpuSeconds, long peakRssKib) {
    private static final String TIME = "/usr/bin/time";

    static boolean available() {
        return Files.isExecutable(Path.of(TIME));
    }

    /** Runs {@code command}, failing if it does not exit 0; its output goes to {@code log}. */
    static ChildRun of(List<String> command, Path log) throws IOException, InterruptedException {
        Path times = Files.createTempFile("child-run", ".time");
        try {
            List<String> timed = new ArrayList<>(List.of(TIME, "-o", times.toString(), "-f", "%e %U %S %M"));
            timed.addAll(command);
            Process p = new ProcessBuilder(timed)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + "; see " + log);
            }
            List<String> lines = Files.readAllLines(times);
            String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
            return new ChildRun(
                    Double.parseDouble(f[0]),
                    Double.parseDouble(f[1]) + Double.parseDouble(f[2]),
                    Long.parseLong(f[3]));
        } finally {
            Files.deleteIfExists(times);
        }
    }
}
