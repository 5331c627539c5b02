package keybound.cli;

import org.slf4j.LoggerFactory;

/**
 * Routes the IAIK PKCS#11 wrapper's own logger (which prints {@code [INFO]} lines to standard
 * output by default) to slf4j, where the CLI's configuration keeps only warnings, on stderr.
 */
final class WrapperLogging implements org.xipki.pkcs11.wrapper.Logger {

    private final org.slf4j.Logger log = LoggerFactory.getLogger("keybound.pkcs11.wrapper");

    static void install() {
        org.xipki.pkcs11.wrapper.StaticLogger.setLogger(new WrapperLogging());
    }

    @Override
    public void info(String format, Object... arguments) {
        log.info(format, arguments);
    }

    @Override
    public void warn(String format, Object... arguments) {
        log.warn(format, arguments);
    }

    @Override
    public void error(String format, Object... arguments) {
        log.error(format, arguments);
    }

    @Override
    public void debug(String format, Object... arguments) {
        log.debug(format, arguments);
    }

    @Override
    public void trace(String format, Object... arguments) {
        log.trace(format, arguments);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }
}
