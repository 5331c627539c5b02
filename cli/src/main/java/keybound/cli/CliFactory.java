package keybound.cli;

import java.time.Clock;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Builds command objects, handing {@link Secrets} and the one {@link Clock} to those that take them in
 * their constructor: so tests drive every subcommand in-process with scripted secrets and a clock of
 * their own, and nothing reads a global.
 */
final class CliFactory implements IFactory {

    private final Secrets secrets;
    private final Clock clock;
    private final IFactory fallback = CommandLine.defaultFactory();

    CliFactory(Secrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (var constructor : type.getDeclaredConstructors()) {
            List<Class<?>> parameters = List.of(constructor.getParameterTypes());
            Object[] arguments = parameters.equals(List.of(Secrets.class, Clock.class)) ? new Object[] {secrets, clock}
                    : parameters.equals(List.of(Secrets.class)) ? new Object[] {secrets}
                    : parameters.equals(List.of(Clock.class)) ? new Object[] {clock}
                    : null;
            if (arguments != null) {
                constructor.setAccessible(true);
                return type.cast(constructor.newInstance(arguments));
            }
        }
        return fallback.create(type);
    }
}
