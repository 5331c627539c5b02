package keybound.cli;

import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Builds command objects, handing {@link Secrets} to those that take it in their constructor: so
 * tests drive every subcommand in-process with scripted secrets, and nothing reads a global.
 */
final class CliFactory implements IFactory {

    private final Secrets secrets;
    private final IFactory fallback = CommandLine.defaultFactory();

    CliFactory(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            var constructor = type.getDeclaredConstructor(Secrets.class);
            constructor.setAccessible(true);
            return constructor.newInstance(secrets);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
    }
}
