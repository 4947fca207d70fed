package io.streamingbatchnorm.cli.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The two plots of a chart panel, and the series they draw. */
final class ChartPlots {
    private static final Color RAW = new Color(0x1F77B4);
    private static final Color RUNNING = new Color(0xE6550D);
    private static final Color RUNNING_BAND = new Color(0xFDAE6B);
    private static final Color NORMALIZED = new Color(0x2CA02C);
    private static final Color SWITCH = new Color(0xD62728);
    private static final Color GRID = new Color(0xE0E0E0);
    private static final Color DRIFT = new Color(0x9467BD);
    private static final BasicStroke DASHED =
            new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
    private static final BasicStroke SWITCH_STROKE =
            new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);

    /** One entry of the chart's legend. */
    record Legend(String label, Color color, BasicStroke stroke) {}

    /** What the lines of every panel are. */
    static final List<Legend> LEGEND = List.of(
            new Legend("raw values, moving mean", RAW, new BasicStroke(1.6f)),
            new Legend("running mean", RUNNING, new BasicStroke(2f)),
            new Legend("running mean \u00b1 running std", RUNNING_BAND, DASHED),
            new Legend("normalized outputs, moving mean", NORMALIZED, new BasicStroke(1.6f)),
            new Legend("switch to eval mode", SWITCH, SWITCH_STROKE),
            new Legend("drift event (charted feature crossed)", DRIFT, new BasicStroke(1f)));

    /** Most points a series draws; longer series are thinned evenly. */
    private static final int MAX_POINTS = 600;

    private ChartPlots() {}

    /** Raw values' moving mean, the running mean as steps, and the running mean plus and minus one std. */
    static XYPlot raw(List<KeyTally.Point> points, List<KeyTally.StatsPoint> stats, int window) {
        // The last statistics stay in force to the end of the stream (frozen, for a key in eval mode).
        if (!stats.isEmpty() && !points.isEmpty()) {
            KeyTally.StatsPoint last = stats.get(stats.size() - 1);
            long end = points.get(points.size() - 1).eventTime();
            if (end > last.eventTime()) {
                stats = new java.util.ArrayList<>(stats);
                stats.add(new KeyTally.StatsPoint(end, last.version(), last.runningMean(), last.runningVar()));
            }
        }
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(movingMean("raw values, moving mean", points, KeyTally.Point::raw, window));
        XYSeriesCollection steps = new XYSeriesCollection();
        XYSeries mean = new XYSeries("running mean", false);
        XYSeries upper = new XYSeries("running mean + std", false);
        XYSeries lower = new XYSeries("running mean - std", false);
        for (KeyTally.StatsPoint s : stats) {
            double std = Math.sqrt(s.runningVar());
            mean.add(s.eventTime(), s.runningMean());
            upper.add(s.eventTime(), s.runningMean() + std);
            lower.add(s.eventTime(), s.runningMean() - std);
        }
        steps.addSeries(mean);
        steps.addSeries(upper);
        steps.addSeries(lower);
        XYPlot plot = plot("raw", lines, line(RAW, 1.6f));
        XYStepRenderer step = new XYStepRenderer();
        step.setSeriesPaint(0, RUNNING);
        step.setSeriesStroke(0, new BasicStroke(2f));
        for (int s = 1; s <= 2; s++) {
            step.setSeriesPaint(s, RUNNING_BAND);
            step.setSeriesStroke(s, DASHED);
        }
        plot.setDataset(1, steps);
        plot.setRenderer(1, step);
        return plot;
    }

    /** Normalized outputs' moving mean, with a line at 0 (the mean beta = 0 gives in train mode). */
    static XYPlot normalized(List<KeyTally.Point> points, int window) {
        XYSeriesCollection lines = new XYSeriesCollection();
        lines.addSeries(movingMean("normalized outputs, moving mean", points, KeyTally.Point::normalized, window));
        XYPlot plot = plot("normalized", lines, line(NORMALIZED, 1.6f));
        ValueMarker zero = new ValueMarker(0, Color.GRAY, new BasicStroke(1f));
        plot.addRangeMarker(zero);
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        axis.setAutoRangeIncludesZero(true);
        // At least from -0.5 to 0.5: a train-mode line that stays at 0 looks flat, not like noise blown up.
        axis.setAutoRangeMinimumSize(1.0);
        return plot;
    }

    /**
     * A thin vertical line on the normalized plot at each drift event that the charted feature crossed, at the
     * event time of the batch's or eval window's last record.
     */
    static void markDrift(XYPlot normalized, List<KeyTally.DriftMark> drifts) {
        for (KeyTally.DriftMark d : drifts) {
            if (d.chartFeature()) {
                normalized.addDomainMarker(new ValueMarker(d.eventTime(), DRIFT, new BasicStroke(1f)));
            }
        }
    }

    /** A dashed vertical line at the switch to eval mode, in every plot, labelled in the first. */
    static void markSwitch(CombinedDomainXYPlot plot, long switchTime) {
        boolean first = true;
        for (Object o : plot.getSubplots()) {
            ValueMarker marker = new ValueMarker(switchTime, SWITCH, SWITCH_STROKE);
            if (first) {
                marker.setLabel("eval from here ");
                marker.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
                marker.setLabelPaint(SWITCH);
                marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
                marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
                first = false;
            }
            ((XYPlot) o).addDomainMarker(marker);
        }
    }

    /**
     * The mean of the last {@code window} present values at each point, from the point where half a window
     * is filled on, thinned to at most {@link #MAX_POINTS} points.
     */
    static XYSeries movingMean(
            String name, List<KeyTally.Point> points, ToDoubleFunction<KeyTally.Point> value, int window) {
        XYSeries series = new XYSeries(name, false);
        int every = Math.max(1, (points.size() + MAX_POINTS - 1) / MAX_POINTS);
        double[] ring = new double[window];
        int filled = 0;
        double sum = 0;
        for (int i = 0; i < points.size(); i++) {
            double v = value.applyAsDouble(points.get(i));
            if (Double.isNaN(v)) {
                continue;
            }
            int slot = filled % window;
            sum += v - (filled >= window ? ring[slot] : 0);
            ring[slot] = v;
            filled++;
            // From half a window on: the first few values alone would swing the line.
            if (filled >= window / 2 && (i % every == 0 || i == points.size() - 1)) {
                series.add(points.get(i).eventTime(), sum / Math.min(filled, window));
            }
        }
        return series;
    }

    private static XYPlot plot(String label, XYSeriesCollection data, XYLineAndShapeRenderer renderer) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        return plot;
    }

    private static XYLineAndShapeRenderer line(Color color, float width) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, color);
        r.setSeriesStroke(0, new BasicStroke(width));
        return r;
    }
}
