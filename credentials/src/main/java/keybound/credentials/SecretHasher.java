package keybound.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import keybound.token.Secret;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Salted Argon2id hashes in the PHC string format
 * ({@code $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>}, unpadded base64), verified in constant
 * time. The stored string carries its own parameters, so verification uses the parameters the
 * hash was made with, whatever this hasher's are now.
 */
public final class SecretHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int MAX_ENCODED = 512;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final HashParameters parameters;
    private final SecureRandom random;

    public SecretHasher(HashParameters parameters) {
        this(parameters, new SecureRandom());
    }

    public SecretHasher(HashParameters parameters, SecureRandom random) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
    }

    public HashParameters parameters() {
        return parameters;
    }

    /** A new salted hash of {@code secret}, as a PHC string. */
    public String hash(Secret secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(secret, salt, parameters, HASH_BYTES);
        return "$argon2id$v=19$m=" + parameters.memoryKiB() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code secret} matches {@code encoded}. The comparison takes the same time wherever
     * the first difference is.
     *
     * @throws IllegalArgumentException {@code encoded} is not a hash this class made
     */
    public boolean verify(Secret secret, String encoded) {
        Parsed parsed = parse(encoded);
        byte[] actual = derive(secret, parsed.salt(), parsed.parameters(), parsed.hash().length);
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    /** Whether a stored hash was made with weaker parameters than this hasher's (re-hash on next success). */
    public boolean needsRehash(String encoded) {
        return !parse(encoded).parameters().equals(parameters);
    }

    private static byte[] derive(Secret secret, byte[] salt, HashParameters p, int length) {
        byte[] password = secret.withChars(SecretHasher::utf8);
        try {
            var generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(p.memoryKiB())
                    .withIterations(p.iterations())
                    .withParallelism(p.parallelism())
                    .withSalt(salt)
                    .build());
            byte[] out = new byte[length];
            generator.generateBytes(password, out);
            return out;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** The UTF-8 bytes of {@code chars}; the encoder's own buffer is zeroed. */
    private static byte[] utf8(char[] chars) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        Arrays.fill(bytes.array(), (byte) 0);
        return out;
    }

    private record Parsed(HashParameters parameters, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String encoded) {
        if (encoded == null || encoded.length() > MAX_ENCODED) {
            throw new IllegalArgumentException("not an Argon2id hash");
        }
        String[] parts = encoded.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[0].isEmpty() || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
            throw new IllegalArgumentException("not an Argon2id hash");
        }
        try {
            String[] params = parts[3].split(",");
            if (params.length != 3 || !params[0].startsWith("m=") || !params[1].startsWith("t=")
                    || !params[2].startsWith("p=")) {
                throw new IllegalArgumentException("not an Argon2id hash");
            }
            var parameters = new HashParameters(Integer.parseInt(params[0].substring(2)),
                    Integer.parseInt(params[1].substring(2)), Integer.parseInt(params[2].substring(2)));
            return new Parsed(parameters, B64D.decode(parts[4]), B64D.decode(parts[5]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an Argon2id hash", e);
        }
    }
}
