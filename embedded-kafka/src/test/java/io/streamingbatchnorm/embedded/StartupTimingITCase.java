package io.streamingbatchnorm.embedded;

import org.junit.jupiter.api.Test;

class StartupTimingITCase {
    @Test
    void time() {
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            EmbeddedKafka k = EmbeddedKafka.start();
            long t1 = System.nanoTime();
            k.createTopic("t", 3);
            long t2 = System.nanoTime();
            k.restart();
            long t3 = System.nanoTime();
            k.close();
            long t4 = System.nanoTime();
            System.out.printf("TIMING start=%dms createTopic=%dms restart=%dms close=%dms%n",
                (t1-t0)/1000000, (t2-t1)/1000000, (t3-t2)/1000000, (t4-t3)/1000000);
        }
        System.out.println("THREADS " + Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon()).map(Thread::getName).toList());
    }
}
