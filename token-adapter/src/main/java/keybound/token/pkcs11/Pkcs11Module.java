package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_SO;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import keybound.token.Secret;
import keybound.token.TokenInfo;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * The tokens of one PKCS#11 library, found by label or serial (never by slot number: SoftHSM
 * renumbers its slots when tokens are added). Also initialises new tokens on the library's free
 * slot, for the CLI's {@code token init} and for tests.
 */
public final class Pkcs11Module implements TokenSource {

    /** Debian's SoftHSM v2 library, the default module. */
    public static final Path SOFTHSM_DEBIAN = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Module.class);

    private final LoadedModule loaded;
    private volatile boolean closed;

    private Pkcs11Module(LoadedModule loaded) {
        this.loaded = loaded;
    }

    /**
     * Loads and initialises the library (once per process).
     *
     * @throws keybound.token.ModuleNotFoundException the file is missing or not a PKCS#11 library
     */
    public static Pkcs11Module open(Path library) {
        return new Pkcs11Module(NativeModules.acquire(library));
    }

    /** The SoftHSM v2 library at its Debian path. */
    public static Pkcs11Module openDefault() {
        return open(SOFTHSM_DEBIAN);
    }

    public Path path() {
        return loaded.path();
    }

    @Override
    public List<TokenInfo> tokens() {
        ensureOpen();
        try {
            return SlotBinding.present(loaded.module()).stream()
                    .filter(SlotBinding::initialised)
                    .map(SlotBinding::info)
                    .toList();
        } catch (PKCS11Exception e) {
            throw Ckr.toException(e, Ckr.Context.of(loaded.path().toString(), "list tokens"));
        }
    }

    /** The token matching the selector; the same object for every caller while it is open. */
    @Override
    public Pkcs11Token token(TokenSelector selector) {
        ensureOpen();
        SlotBinding binding = find(selector).orElseThrow(() ->
                new TokenNotPresentException("No token with " + selector.describe() + " in " + loaded.path()));
        return loaded.token(binding.info().serial(), serial -> new Pkcs11Token(loaded, binding));
    }

    /**
     * The slot the selected token sits in now. Only for configuring another PKCS#11 client
     * (SunPKCS11) that insists on a slot; the number is stale once the library renumbers.
     */
    public long currentSlotId(TokenSelector selector) {
        ensureOpen();
        return find(selector).orElseThrow(() ->
                new TokenNotPresentException("No token with " + selector.describe() + " in " + loaded.path())).slotId();
    }

    /**
     * Initialises a new token on the library's free slot (C_InitToken), then sets its user PIN
     * (SO login + C_InitPIN). Returns what the new token reports, serial included.
     *
     * @throws IllegalArgumentException a token with this label exists, or the label is too long
     * @throws TokenNotPresentException the library offers no free slot
     */
    public TokenInfo initToken(String label, Secret soPin, Secret userPin) {
        ensureOpen();
        if (label == null || label.isBlank() || label.length() > 32) {
            throw new IllegalArgumentException("a token label has 1 to 32 characters");
        }
        synchronized (loaded) {
            try {
                if (find(TokenSelector.label(label)).isPresent()) {
                    throw new IllegalArgumentException("a token labelled '" + label + "' already exists");
                }
                SlotBinding free = SlotBinding.present(loaded.module()).stream()
                        .filter(binding -> !binding.initialised())
                        .findFirst()
                        .orElseThrow(() -> new TokenNotPresentException("No free slot in " + loaded.path()));
                initialise(free, label, soPin, userPin);
                TokenInfo info = free.refresh().info();
                LOG.info("initialised token {} (serial {})", info.label(), info.serial());
                return info;
            } catch (PKCS11Exception e) {
                throw Ckr.toException(e, Ckr.Context.of(label, "initialise the token"));
            }
        }
    }

    private void initialise(SlotBinding free, String label, Secret soPin, Secret userPin) throws PKCS11Exception {
        soPin.useChars(so -> userPin.useChars(user -> initialise(free, label, so, user)));
    }

    private void initialise(SlotBinding free, String label, char[] so, char[] user) throws PKCS11Exception {
        char[] paddedLabel = String.format("%-32s", label).toCharArray();
        try {
            loaded.module().getPKCS11Module().C_InitToken(free.slotId(), so, paddedLabel, true);
        } catch (iaik.pkcs.pkcs11.wrapper.PKCS11Exception e) {
            throw loaded.module().convertException(e);
        }
        Session session = free.token().openSession(true);
        try {
            session.login(CKU_SO, so);
            try {
                session.initPIN(user);
            } finally {
                session.logout();
            }
        } finally {
            session.closeSession();
        }
    }

    private Optional<SlotBinding> find(TokenSelector selector) {
        try {
            return SlotBinding.present(loaded.module()).stream()
                    .filter(SlotBinding::initialised)
                    .filter(binding -> selector.matches(binding.info()))
                    .findFirst();
        } catch (PKCS11Exception e) {
            throw Ckr.toException(e, Ckr.Context.of(loaded.path().toString(), "find a token"));
        }
    }

    /** Closes this view; the last view of a library closes its tokens' sessions. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            loaded.release();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("module " + loaded.path() + " is closed");
        }
    }
}
