package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory hands every command the one clock and the secrets it was made with, whichever of them it takes. */
class CliFactoryTest {

    private final Secrets secrets = new Secrets(Map.of(), InputStream.nullInputStream());
    private final Clock clock = Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC);
    private final CliFactory factory = new CliFactory(secrets, clock);

    @Test
    void aCommandTakingSecretsAndAClockGetsBoth() throws Exception {
        var command = factory.create(Both.class);
        assertSame(secrets, command.secrets);
        assertSame(clock, command.clock);
    }

    @Test
    void aCommandTakingOnlyAClockGetsTheSameClock() throws Exception {
        assertSame(clock, factory.create(OnlyClock.class).clock);
    }

    @Test
    void aCommandTakingOnlySecretsGetsThem() throws Exception {
        assertSame(secrets, factory.create(OnlySecrets.class).secrets);
    }

    static final class Both {
        final Secrets secrets;
        final Clock clock;

        Both(Secrets secrets, Clock clock) {
            this.secrets = secrets;
            this.clock = clock;
        }
    }

    static final class OnlyClock {
        final Clock clock;

        OnlyClock(Clock clock) {
            this.clock = clock;
        }
    }

    static final class OnlySecrets {
        final Secrets secrets;

        OnlySecrets(Secrets secrets) {
            this.secrets = secrets;
        }
    }
}
