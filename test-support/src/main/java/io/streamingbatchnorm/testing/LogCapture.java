package io.streamingbatchnorm.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records every log line (message and stack trace) at INFO and above, or at the level given, while open,
 * whoever logs it, and restores the logging configuration when closed.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final LoggerConfig root;
    private final Level previousLevel;

    public LogCapture() {
        this(Level.INFO);
    }

    /** Captures {@code level} and above: DEBUG shows what a client logs when its operator turns logging up. */
    public LogCapture(Level level) {
        super("log-capture", null, null, true, Property.EMPTY_ARRAY);
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        root = configuration.getRootLogger();
        previousLevel = root.getLevel();
        start();
        configuration.addAppender(this);
        root.addAppender(this, level, null);
        root.setLevel(level);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName())
                .append(": ")
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    /** Every line captured so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.removeAppender(getName());
        root.setLevel(previousLevel);
        context.getConfiguration().getAppenders().remove(getName());
        context.updateLoggers();
        stop();
    }
}
