package dev.fanout.loop.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger (and the loggers below it) logs, for a test to assert on.
 *
 * <p>As a JUnit 5 extension it captures during each test of its class:
 * <pre>{@code
 * @RegisterExtension
 * final LogCapture logged = LogCapture.of(Loop.class);
 * }</pre>
 * Used alone, {@link #start()} begins and {@link #close()} ends the capture. {@link #atLevel}
 * lowers the logger's level while capturing (DEBUG lines are off in the tests' configuration);
 * {@link #capturedOnly()} keeps the events out of the build's output, for a warning a test
 * provokes on purpose. Thread-safe: events may be logged on any thread.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level;
    private boolean capturedOnly;
    private Level levelBefore;

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Returns a capture of the logger named after {@code type}. */
    public static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    /** Returns a capture of the logger {@code name}, such as a package name. */
    public static LogCapture of(String name) {
        return new LogCapture((Logger) LoggerFactory.getLogger(name));
    }

    /** Sets the logger's level to {@code level} while capturing, and back afterwards. */
    public LogCapture atLevel(Level level) {
        this.level = level;
        return this;
    }

    /** Keeps the captured events from the loggers above (the console) while capturing. */
    public LogCapture capturedOnly() {
        this.capturedOnly = true;
        return this;
    }

    /** Starts capturing. */
    public LogCapture start() {
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        if (capturedOnly) {
            logger.setAdditive(false);
        }
        appender.start();
        logger.addAppender(appender);
        return this;
    }

    /** Stops capturing and restores the logger; the events captured stay readable. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setAdditive(true);
        logger.setLevel(levelBefore);
    }

    /** Sets the logger's level to {@code level} now, while capturing; {@link #close()} restores it. */
    public void setLevel(Level level) {
        logger.setLevel(level);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Returns a copy of the events captured so far, oldest first. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // the lock AppenderBase.doAppend holds while it adds
            return List.copyOf(appender.list);
        }
    }

    /** Returns the events captured so far at {@code level}, oldest first. */
    public List<ILoggingEvent> at(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).toList();
    }

    /** Returns the formatted messages captured so far, oldest first. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
