package keybound.cli.bank;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Locale;
import keybound.server.ConfigException;
import keybound.server.ConfigKeys;
import keybound.server.ConfigSource;
import org.slf4j.LoggerFactory;

/**
 * How {@code keybound server} logs, on standard error: keybound's own loggers at INFO (the start
 * and stop lines, refusals), libraries at WARN; with {@code log.format=json} one JSON object per
 * line (Logback's {@link JsonEncoder}: {@code timestamp}, {@code level}, {@code threadName},
 * {@code loggerName}, {@code formattedMessage}, {@code mdc}, {@code throwable}), for a log shipper. No log line holds a secret: the code logs none.
 */
final class ServerLogging {

    private ServerLogging() {
    }

    /** Applies {@code log.format} from {@code settings}; refused naming the key when it is neither plain nor json. */
    static void configure(ConfigSource settings) {
        String format = settings.text(ConfigKeys.LOG_FORMAT).orElse("plain").toLowerCase(Locale.ROOT);
        if (!format.equals("plain") && !format.equals("json")) {
            throw new ConfigException(ConfigKeys.LOG_FORMAT, "must be plain or json");
        }
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("keybound").setLevel(Level.INFO);
        if (format.equals("json")) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            var encoder = new JsonEncoder();
            encoder.setContext(context);
            // The message as read, not its pattern and arguments apart; no per-process context noise.
            encoder.setWithFormattedMessage(true);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithContext(false);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.start();
            var appender = new ConsoleAppender<ILoggingEvent>();
            appender.setContext(context);
            appender.setName("stderr-json");
            appender.setTarget("System.err");
            appender.setEncoder(encoder);
            appender.start();
            root.detachAndStopAllAppenders();
            root.addAppender(appender);
        }
    }
}
