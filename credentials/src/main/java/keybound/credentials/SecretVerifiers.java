package keybound.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import keybound.token.Secret;

/**
 * Stored verifiers of the bank's secrets. New ones are token-keyed,
 * {@code $hmac-sha256$k=<key label>$<salt>$<mac>} (unpadded base64), the MAC computed on the
 * bank's token over a domain tag, a per-secret random salt and the secret's UTF-8: a copy of the
 * registry is worthless without the token. Verifiers in the older forms (Argon2id PHC strings,
 * HMACs under an earlier key) are still checked as they are and reported by
 * {@link #needsRekey(String)}, so the caller re-keys them on the owner's next right answer.
 *
 * <p>Without a current key ({@link #argon2Only}) new verifiers are Argon2id hashes, as before.
 */
public final class SecretVerifiers {

    /** The version name of every Argon2id verifier in {@link #version(String)}. */
    public static final String ARGON2ID = "argon2id";
    private static final String PREFIX = "$hmac-sha256$k=";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] DOMAIN = "keybound secret verifier\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final int MAX_ENCODED = 512;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Optional<VerifierKey> current;
    private final Map<String, VerifierKey> keys;
    private final List<VerifierKey> older;
    private final SecretHasher legacy;
    private final SecureRandom random;
    private final SecretCheckAdmission admission;

    /**
     * @param current the key new verifiers are made with
     * @param older   earlier keys, still accepted for verifiers made with them
     * @param legacy  checks (and, without a current key, makes) Argon2id verifiers
     */
    public SecretVerifiers(VerifierKey current, List<VerifierKey> older, SecretHasher legacy) {
        this(Optional.of(current), older, legacy, SecretCheckAdmission.unbounded());
    }

    private SecretVerifiers(Optional<VerifierKey> current, List<VerifierKey> older, SecretHasher legacy,
                            SecretCheckAdmission admission) {
        this.current = current;
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.random = new SecureRandom();
        Map<String, VerifierKey> byLabel = new LinkedHashMap<>();
        current.ifPresent(key -> byLabel.put(checkLabel(key.label()), key));
        for (VerifierKey key : older) {
            if (byLabel.putIfAbsent(checkLabel(key.label()), key) != null) {
                throw new IllegalArgumentException("two verifier keys are labelled " + key.label());
            }
        }
        this.keys = Map.copyOf(byLabel);
        this.older = List.copyOf(older);
    }

    /** Argon2id verifiers only: the bank has no token key for secrets. */
    public static SecretVerifiers argon2Only(SecretHasher hasher) {
        return new SecretVerifiers(Optional.empty(), List.of(), hasher, SecretCheckAdmission.unbounded());
    }

    /**
     * The same verifiers, each {@link #verify} run under {@code admission}: when it is full the
     * check is refused with {@link SecretChecksBusyException} before any hash or MAC is computed.
     */
    public SecretVerifiers admittedBy(SecretCheckAdmission admission) {
        return new SecretVerifiers(current, older, legacy, admission);
    }

    /** The version new verifiers get: the current key's label, or {@link #ARGON2ID}. */
    public String currentVersion() {
        return current.map(VerifierKey::label).orElse(ARGON2ID);
    }

    /** A new verifier of {@code secret} with a fresh salt. */
    public String create(Secret secret) {
        if (current.isEmpty()) {
            return legacy.hash(secret);
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        VerifierKey key = current.get();
        return PREFIX + key.label() + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(mac(key, salt, secret));
    }

    /**
     * Whether {@code secret} matches {@code stored}, compared in constant time.
     *
     * @throws VerifierUnavailableException the verifier's key cannot be used now, or is not configured
     * @throws SecretChecksBusyException the admission is full: nothing was checked
     * @throws IllegalArgumentException {@code stored} is not a verifier
     */
    public boolean verify(Secret secret, String stored) {
        return admission.admit(() -> check(secret, stored));
    }

    /**
     * Whether {@code secret} matches any of {@code stored}, under one admission. Every verifier is
     * checked, matched or not, so the time taken does not tell which one matched.
     *
     * @throws VerifierUnavailableException a verifier's key cannot be used now: nothing was judged
     * @throws SecretChecksBusyException the admission is full: nothing was checked
     */
    public boolean verifyAny(Secret secret, List<String> stored) {
        return admission.admit(() -> {
            boolean any = false;
            for (String verifier : stored) {
                any |= check(secret, verifier);
            }
            return any;
        });
    }

    /**
     * Refuses what these verifiers could never check: not a verifier, or made with a key that is
     * not configured (so a configuration naming it fails at start-up, not at every request).
     *
     * @throws IllegalArgumentException saying which
     */
    public void requireCheckable(String stored) {
        if (!isKeyed(stored)) {
            legacy.needsRehash(stored); // parses the Argon2id string
            return;
        }
        String label = parse(stored).label();
        if (!keys.containsKey(label)) {
            throw new IllegalArgumentException("made with the verifier key " + label + ", which is not configured");
        }
    }

    private boolean check(Secret secret, String stored) {
        if (!isKeyed(stored)) {
            return legacy.verify(secret, stored);
        }
        Keyed keyed = parse(stored);
        VerifierKey key = keys.get(keyed.label());
        if (key == null) {
            throw new VerifierUnavailableException("no verifier key labelled " + keyed.label() + " is configured");
        }
        return MessageDigest.isEqual(mac(key, keyed.salt(), secret), keyed.mac());
    }

    /** Whether {@code stored} was made otherwise than {@link #create} makes verifiers now (re-key on the next right answer). */
    public boolean needsRekey(String stored) {
        if (current.isEmpty()) {
            return isKeyed(stored) || legacy.needsRehash(stored);
        }
        return !isKeyed(stored) || !parse(stored).label().equals(current.get().label());
    }

    /** The key label a verifier was made with, or {@link #ARGON2ID}. */
    public static String version(String stored) {
        return isKeyed(stored) ? parse(stored).label() : ARGON2ID;
    }

    private static boolean isKeyed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    private static byte[] mac(VerifierKey key, byte[] salt, Secret secret) {
        return secret.withChars(chars -> {
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            byte[] input = new byte[DOMAIN.length + salt.length + encoded.remaining()];
            try {
                System.arraycopy(DOMAIN, 0, input, 0, DOMAIN.length);
                System.arraycopy(salt, 0, input, DOMAIN.length, salt.length);
                encoded.get(input, DOMAIN.length + salt.length, encoded.remaining());
                byte[] mac = key.mac(input);
                if (mac.length != MAC_BYTES) {
                    throw new VerifierUnavailableException("verifier key " + key.label() + " answered " + mac.length
                            + " bytes, not an HMAC-SHA256");
                }
                return mac;
            } finally {
                encoded.clear(); // wipe the whole capacity: the encoder may have allocated more than it wrote
                while (encoded.hasRemaining()) {
                    encoded.put((byte) 0);
                }
                Arrays.fill(input, (byte) 0);
            }
        });
    }

    private record Keyed(String label, byte[] salt, byte[] mac) {
    }

    private static Keyed parse(String stored) {
        if (stored.length() > MAX_ENCODED) {
            throw new IllegalArgumentException("not a secret verifier");
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        try {
            if (parts.length != 3 || !LABEL.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException("not a secret verifier");
            }
            byte[] salt = B64D.decode(parts[1]);
            byte[] mac = B64D.decode(parts[2]);
            if (salt.length != SALT_BYTES || mac.length != MAC_BYTES) {
                throw new IllegalArgumentException("not a secret verifier");
            }
            return new Keyed(parts[0], salt, mac);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a secret verifier", e);
        }
    }

    private static String checkLabel(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("a verifier key label has 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return label;
    }
}
