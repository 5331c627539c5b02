package keybound.token.pkcs11;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * Routes the IAIK wrapper's own log (which goes to stdout by default and reports every
 * C_OpenSession at INFO) into slf4j at DEBUG, so a CLI's output stays clean. The wrapper's
 * TRACE level, which dumps attribute values, is never enabled.
 */
final class WrapperLogging implements org.xipki.pkcs11.wrapper.Logger {

    private static final Logger LOG = LoggerFactory.getLogger("org.xipki.pkcs11.wrapper");

    private WrapperLogging() {
    }

    static void install() {
        StaticLogger.setLogger(new WrapperLogging());
    }

    @Override
    public void info(String format, Object... arguments) {
        LOG.debug(format(format, arguments));
    }

    @Override
    public void warn(String format, Object... arguments) {
        LOG.warn(format(format, arguments));
    }

    @Override
    public void error(String format, Object... arguments) {
        LOG.error(format(format, arguments));
    }

    @Override
    public void debug(String format, Object... arguments) {
        LOG.debug(format(format, arguments));
    }

    @Override
    public void trace(String format, Object... arguments) {
        // never: trace output carries attribute values
    }

    @Override
    public boolean isDebugEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return LOG.isDebugEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return LOG.isWarnEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    private static String format(String format, Object... arguments) {
        return MessageFormatter.arrayFormat(format, arguments).getMessage();
    }
}
