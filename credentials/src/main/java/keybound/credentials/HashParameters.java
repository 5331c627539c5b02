package keybound.credentials;

/**
 * Argon2id cost parameters. Each purpose (account PINs, logon passwords, …) may use its own;
 * the parameters travel inside every stored hash, so raising them later does not break old hashes.
 *
 * @param memoryKiB   memory per hash in KiB (RFC 9106's second recommendation is 65536)
 * @param iterations  passes over memory
 * @param parallelism lanes
 */
public record HashParameters(int memoryKiB, int iterations, int parallelism) {

    public HashParameters {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2id parameters out of range");
        }
    }

    /** RFC 9106 second recommended option: 64 MiB, 3 passes, 4 lanes. */
    public static HashParameters production() {
        return new HashParameters(65_536, 3, 4);
    }

    /** Cheap parameters for tests, where hashing speed is not what is tested. */
    public static HashParameters testing() {
        return new HashParameters(64, 1, 1);
    }
}
