package keybound.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import keybound.token.Secret;

/**
 * Reads PINs and secrets: from the environment ({@code KEYBOUND_<NAME>}) for scripts, else from
 * the console without echo, else one line of standard input. Never from the command line, where
 * other users of the machine could read it in the process list.
 */
public final class Secrets {

    private final Map<String, String> env;
    private final InputStream input;
    private final boolean useConsole;
    private BufferedReader stdin;

    /** Secrets from {@code env}, else one line each from {@code input}; never from a console. */
    public Secrets(Map<String, String> env, InputStream input) {
        this(env, input, false);
    }

    private Secrets(Map<String, String> env, InputStream input, boolean useConsole) {
        this.env = env;
        this.input = input;
        this.useConsole = useConsole;
    }

    public static Secrets fromSystem() {
        return new Secrets(System.getenv(), System.in, true);
    }

    /** The environment this run sees (configuration overrides are read from it too). */
    public Map<String, String> environment() {
        return env;
    }

    /**
     * @param name  the secret's name, e.g. {@code "token-pin"}; the variable is {@code KEYBOUND_TOKEN_PIN}
     * @param prompt what the console shows
     */
    public Secret read(String name, String prompt) {
        String variable = "KEYBOUND_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        String fromEnv = env.get(variable);
        if (fromEnv != null) {
            return Secret.of(fromEnv);
        }
        var console = useConsole ? System.console() : null;
        if (console != null) {
            char[] chars = console.readPassword("%s: ", prompt);
            if (chars == null) {
                throw new MissingSecretException(name, variable);
            }
            try {
                return Secret.of(chars);
            } finally {
                Secret.wipe(chars);
            }
        }
        return readStdinLine(name, variable);
    }

    /** An identifier the manual hands over with the secrets (A, ニ): read the same way, never from the command line. */
    public String readIdentifier(String name, String prompt) {
        try (Secret value = read(name, prompt)) {
            return value.withChars(String::new);
        }
    }

    /** One line (without its line end), read character by character so that no String holds it. */
    private synchronized Secret readStdinLine(String name, String variable) {
        if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        }
        char[] line = new char[64];
        int length = 0;
        try {
            int c = stdin.read();
            if (c == -1) {
                throw new MissingSecretException(name, variable);
            }
            while (c != -1 && c != '\n') {
                if (length == line.length) {
                    char[] larger = Arrays.copyOf(line, length * 2);
                    Secret.wipe(line);
                    line = larger;
                }
                line[length++] = (char) c;
                c = stdin.read();
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            return Secret.of(line, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Secret.wipe(line);
        }
    }

    /** No console, no variable and standard input at its end. */
    public static final class MissingSecretException extends RuntimeException {
        public MissingSecretException(String name, String variable) {
            super("No " + name + " given: set " + variable + " or type it at the prompt");
        }
    }
}
