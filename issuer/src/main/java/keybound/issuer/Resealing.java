package keybound.issuer;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.contract.CardSeal;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.SealingCipher;
import keybound.issuer.contract.TotpSeal;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.ContractRepository.SealedValues;
import keybound.issuer.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves sealed customer cards and TOTP seeds to the current sealing key: each one when it is
 * next opened, or all at once ({@link #all()}, {@code keybound bank reseal}). A value is replaced
 * only if it is still the one that was opened, so two nodes resealing at once lose nothing.
 */
public final class Resealing {

    private static final Logger LOG = LoggerFactory.getLogger(Resealing.class);

    private final Database database;
    private final CardSeal cards;
    private final TotpSeal seeds;
    private final ContractRepository contracts = new ContractRepository();

    Resealing(Database database, IssuerConfig config) {
        this.database = database;
        this.cards = new CardSeal(config.sealing());
        this.seeds = new TotpSeal(config.sealing());
    }

    /** After {@code sealed} opened: stores it sealed under the current key, if it is not already. */
    void cardOpened(ContractId contract, String sealed) {
        onUse(contract, "card", () -> cards.resealed(sealed, contract).ifPresent(fresh ->
                database.inTransaction(c -> contracts.replaceCardSealed(c, contract, sealed, fresh))));
    }

    /** Like {@link #cardOpened}, for a TOTP seed. */
    void seedOpened(ContractId contract, String sealed) {
        onUse(contract, "TOTP seed", () -> seeds.resealed(sealed, contract).ifPresent(fresh ->
                database.inTransaction(c -> contracts.replaceTotpSealed(c, contract, sealed, fresh))));
    }

    /**
     * Seals every card and seed that is under an older key again under the current one.
     *
     * @return how many values were sealed again
     * @throws VerifierUnavailableException a value names a key this bank is not given (the environment's, unset)
     */
    public int all() {
        int done = 0;
        for (SealedValues values : database.inTransaction(contracts::sealedValues)) {
            ContractId contract = values.contract();
            Optional<String> card = cards.resealed(values.card(), contract);
            if (card.isPresent() && database.inTransaction(c -> contracts.replaceCardSealed(c, contract, values.card(), card.get()))) {
                done++;
            }
            if (values.totp() != null) {
                Optional<String> seed = seeds.resealed(values.totp(), contract);
                if (seed.isPresent()
                        && database.inTransaction(c -> contracts.replaceTotpSealed(c, contract, values.totp(), seed.get()))) {
                    done++;
                }
            }
        }
        return done;
    }

    /** How many sealed cards and seeds are under each key, by label ({@code env}: the environment's key). */
    public Map<String, Long> versions() {
        Map<String, Long> counts = new TreeMap<>();
        for (SealedValues values : database.inTransaction(contracts::sealedValues)) {
            counts.merge(CardSeal.version(values.card()), 1L, Long::sum);
            if (values.totp() != null) {
                counts.merge(SealingCipher.version(values.totp()), 1L, Long::sum);
            }
        }
        return counts;
    }

    // The value was judged already: a reseal that cannot happen now waits for the next use.
    private static void onUse(ContractId contract, String what, Runnable reseal) {
        try {
            reseal.run();
        } catch (VerifierUnavailableException e) {
            LOG.warn("{} of contract {} left under its older sealing key until its next use: {}", what, contract,
                    e.getMessage());
        }
    }
}
