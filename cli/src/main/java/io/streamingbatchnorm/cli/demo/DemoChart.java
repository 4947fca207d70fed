package io.streamingbatchnorm.cli.demo;

import io.streamingbatchnorm.core.NormalizerConfig;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;

/**
 * The demo's chart: one panel per key (up to four) for one feature, each with the raw values' moving
 * mean and the running mean (plus and minus one running standard deviation) above, the normalized
 * outputs' moving mean below, and a vertical line where the key switches to eval mode. Rendered without
 * a display into a PNG of fixed size.
 */
public final class DemoChart {
    public static final int WIDTH = 1200;
    public static final int HEIGHT = 800;
    static final int MAX_PANELS = 4;
    private static final int HEADER = 44;

    private DemoChart() {}

    /**
     * Draws the chart of {@code tally}'s chart feature and writes it to {@code file} as a PNG.
     *
     * @param config the normalization the demo ran: the title names its running statistics, and with count
     *     batches a moving mean over a few whole batches shows the batches' normalized mean (0 in train mode),
     *     where a shorter one would not
     */
    public static void write(Path file, DemoStream stream, DemoTally tally, NormalizerConfig config)
            throws IOException {
        int batchSize = config.window() == null ? config.batchSize() : 0;
        // Before any AWT graphics start: no display is needed, or wanted, to draw an image.
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            header(g, stream, RunningLabel.of(config));
            List<Map.Entry<String, KeyTally>> keys =
                    new ArrayList<>(tally.keys().entrySet());
            List<Map.Entry<String, KeyTally>> shown = keys.subList(0, Math.min(MAX_PANELS, keys.size()));
            int columns = shown.size() <= 1 ? 1 : 2;
            int rows = Math.max(1, (shown.size() + columns - 1) / columns);
            double w = (double) WIDTH / columns;
            double h = (double) (HEIGHT - HEADER) / rows;
            for (int i = 0; i < shown.size(); i++) {
                JFreeChart chart = panel(shown.get(i).getKey(), shown.get(i).getValue(), stream, batchSize);
                chart.draw(g, new Rectangle2D.Double((i % columns) * w, HEADER + (i / columns) * h, w, h));
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer is available in this Java runtime");
        }
    }

    /** The title with the running statistics it shows, then one legend for every panel. */
    private static void header(Graphics2D g, DemoStream stream, String running) {
        g.setColor(Color.DARK_GRAY);
        String title = "Streaming BatchNorm demo: " + stream.title() + ", " + running;
        // A long dataset title with the flags of decay or renorm must still show the flags, at its end.
        int size = 17;
        do {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size--));
        } while (size >= 10 && g.getFontMetrics().stringWidth(title) > WIDTH - 28);
        g.drawString(title, 14, 21);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = 14;
        g.drawString("feature " + featureName(stream) + ":", x, 39);
        x += g.getFontMetrics().stringWidth("feature " + featureName(stream) + ":") + 14;
        for (ChartPlots.Legend item : ChartPlots.LEGEND) {
            g.setColor(item.color());
            g.setStroke(item.stroke());
            g.drawLine(x, 35, x + 26, 35);
            x += 32;
            g.setColor(Color.DARK_GRAY);
            g.drawString(item.label(), x, 39);
            x += g.getFontMetrics().stringWidth(item.label()) + 18;
        }
    }

    private static JFreeChart panel(String key, KeyTally tally, DemoStream stream, int batchSize) {
        boolean switched = stream.switchedKeys().contains(key);
        DateAxis time = new DateAxis("event time (UTC)");
        time.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(6);
        List<KeyTally.Point> points = new ArrayList<>(tally.points());
        points.sort((a, b) -> Long.compare(a.eventTime(), b.eventTime()));
        int window = Math.min(512, Math.max(Math.max(8, points.size() / 40), 4 * batchSize));
        plot.add(ChartPlots.raw(points, tally.statsPoints(), window), 3);
        XYPlot normalized = ChartPlots.normalized(points, window);
        ChartPlots.markDrift(normalized, tally.drifts());
        plot.add(normalized, 2);
        if (switched) {
            ChartPlots.markSwitch(plot, stream.switchTime());
        }
        String title = key + " (" + (switched ? "eval from the dashed line on" : "train mode throughout") + ")";
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(true);
        chart.setBorderStroke(new BasicStroke(1f));
        chart.setBorderPaint(new Color(0xDDDDDD));
        return chart;
    }

    private static String featureName(DemoStream stream) {
        int f = stream.chartFeature();
        return f < stream.featureNames().size() ? stream.featureNames().get(f) : "x" + f;
    }
}
