package keybound.server.wiring;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import keybound.issuer.CertificateRegistry;
import keybound.issuer.CertificateState;
import keybound.issuer.Issuer;
import keybound.issuer.SecretChecks;
import keybound.issuer.contract.CertificateHolder;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.refusal.UserSuspendedException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.logon.Account;
import keybound.logon.AccountDirectory;
import keybound.logon.CertificateAdmission;
import keybound.logon.BankPorts;
import keybound.logon.CertificateStanding;
import keybound.logon.CustomerCardChecker;
import keybound.logon.FactorCheck;
import keybound.logon.Lockout;
import keybound.logon.SecretChecker;
import keybound.logon.SecretKind;
import keybound.logon.TotpSeeds;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardGrid;
import keybound.logon.otp.TotpAlgorithm;
import keybound.logon.otp.TotpKey;
import keybound.logon.otp.TotpStepLedger;
import keybound.token.Secret;

/**
 * Logon's ports over the issuer: its registry answers for certificates, its {@link SecretChecks}
 * for B, イ, ト and the customer card, with the issuer's own lockout. The issuer signals a wrong
 * or refused secret by exception; this adapter turns each into the {@link FactorCheck} logon
 * expects and never passes an issuer message on.
 *
 * <p>TOTP: the issuer keeps each administrator's seed sealed ({@link #keyOf}) and the last step
 * used ({@link #totpSteps}); a wrong code counts toward the contract's lockout ({@link #countFailure}).
 */
public final class IssuerPorts implements AccountDirectory, SecretChecker, CustomerCardChecker, TotpSeeds, Lockout {

    private final Issuer issuer;

    public IssuerPorts(Issuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    public BankPorts ports() {
        return new BankPorts(this, this, this, this, this);
    }

    // ---- AccountDirectory ----

    @Override
    public CertificateStanding standing(X509Certificate presented) {
        return standing(issuer.registry().state(presented));
    }

    /** Standing, holder and lock in one registry transaction, when this adapter is the lockout asked. */
    @Override
    public CertificateAdmission admission(X509Certificate presented, Lockout lockout) {
        if (lockout != this) {
            return AccountDirectory.super.admission(presented, lockout);
        }
        CertificateRegistry.Lookup lookup = issuer.registry().lookup(presented);
        return new CertificateAdmission(standing(lookup.state()), lookup.holder().map(IssuerPorts::account),
                lookup.holderLocked());
    }

    private static CertificateStanding standing(CertificateState state) {
        return switch (state) {
            case GOOD -> CertificateStanding.CURRENT;
            case REVOKED -> CertificateStanding.REVOKED;
            case SUPERSEDED -> CertificateStanding.SUPERSEDED;
            case EXPIRED -> CertificateStanding.EXPIRED;
            case NOT_YET_VALID -> CertificateStanding.NOT_YET_VALID;
            case SUSPENDED -> CertificateStanding.HOLDER_SUSPENDED;
            default -> CertificateStanding.UNKNOWN;
        };
    }

    @Override
    public Optional<Account> holderOf(X509Certificate presented) {
        return issuer.registry().holderOf(presented).map(IssuerPorts::account);
    }

    @Override
    public boolean hasAdministratorCertificate(String contractId) {
        return contract(contractId).map(issuer.registry()::administratorCertificateIssued).orElse(false);
    }

    // ---- SecretChecker ----

    @Override
    public FactorCheck check(Account account, SecretKind secret, char[] value) {
        SecretChecks checks = issuer.secrets();
        if (account instanceof Account.Administrator && secret != SecretKind.USER_PIN) {
            ContractSecret which = secret == SecretKind.CONTRACT_PIN
                    ? ContractSecret.CONTRACT_PIN : ContractSecret.CONFIRMATION_PASSWORD;
            return checked(value, typed -> {
                checks.checkContractFactor(new ContractId(account.contractId()), which, typed);
                return null;
            });
        }
        if (account instanceof Account.User user && secret == SecretKind.USER_PIN) {
            return checked(value, typed -> {
                checks.checkUser(new ContractId(user.contractId()), new UserId(user.userId()), UserSecret.USER_PIN, typed);
                return null;
            });
        }
        return FactorCheck.REJECTED;
    }

    // ---- CustomerCardChecker ----

    @Override
    public CardGrid grid(Account.Administrator administrator) {
        int[] dimensions = issuer.secrets().cardDimensions(new ContractId(administrator.contractId()));
        return new CardGrid(dimensions[0], dimensions[1]);
    }

    @Override
    public FactorCheck check(Account.Administrator administrator, List<CardCell> cells, char[] digits) {
        List<keybound.issuer.contract.CardCell> issuerCells = cells.stream()
                .map(cell -> new keybound.issuer.contract.CardCell(cell.row(), cell.column())).toList();
        return checked(digits, typed -> {
            issuer.secrets().checkCard(new ContractId(administrator.contractId()), issuerCells, typed);
            return null;
        });
    }

    // ---- TotpSeeds and Lockout ----

    @Override
    public Optional<TotpKey> keyOf(Account.Administrator administrator) {
        return contract(administrator.contractId()).flatMap(issuer.totp()::seed).map(seed -> {
            try {
                return new TotpKey(seed, TotpAlgorithm.SHA1);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        });
    }

    /**
     * The used-TOTP-step ledger in the issuer's registry (one conditional UPDATE per accepted code),
     * so a code is refused after its use even across server restarts and instances.
     */
    public TotpStepLedger totpSteps() {
        return (subject, step) -> {
            String prefix = "administrator:";
            if (!subject.startsWith(prefix)) {
                return false;
            }
            return contract(subject.substring(prefix.length())).map(c -> issuer.totp().advanceStep(c, step)).orElse(false);
        };
    }

    @Override
    public boolean isLocked(Account account) {
        try {
            if (account instanceof Account.User user) {
                issuer.secrets().requireUsableUser(new ContractId(user.contractId()), new UserId(user.userId()));
            } else {
                issuer.secrets().requireUsableContract(new ContractId(account.contractId()));
            }
            return false;
        } catch (AccountLockedException | UserSuspendedException e) {
            return true; // a suspended user is refused like a locked one, before any secret is checked
        } catch (IssuerException e) {
            return false; // unknown or closed: not locked; the secret check refuses it
        }
    }

    /** A wrong or replayed TOTP code counts toward the contract's lockout like a wrong secret. */
    @Override
    public FactorCheck countFailure(Account account) {
        try {
            return issuer.secrets().countContractFailure(new ContractId(account.contractId()), "totp").locked()
                    ? FactorCheck.LOCKED : FactorCheck.REJECTED;
        } catch (IssuerException e) {
            return FactorCheck.REJECTED;
        }
    }

    /**
     * Every factor of a logon was right: the issuer's count starts again. For a user there is
     * nothing left to clear: ト is a user's only factor, and its check ({@code SecretChecks.checkUser})
     * cleared the count in its own transaction when it was right.
     */
    @Override
    public void clearFailures(Account account) {
        if (account instanceof Account.User) {
            return;
        }
        try {
            issuer.secrets().clearContractFailures(new ContractId(account.contractId()));
        } catch (IssuerException e) {
            // a malformed ID: nothing to clear
        }
    }

    private static FactorCheck checked(char[] value, Function<Secret, Void> check) {
        try (Secret typed = Secret.of(value)) {
            check.apply(typed);
            return FactorCheck.ACCEPTED;
        } catch (AccountLockedException e) {
            return FactorCheck.LOCKED;
        } catch (WrongSecretException e) {
            return e.triesLeft() == 0 ? FactorCheck.LOCKED : FactorCheck.REJECTED;
        } catch (IssuerException e) {
            return FactorCheck.REJECTED; // unknown or closed account, malformed id
        }
    }

    private static Account account(CertificateHolder holder) {
        if (holder.role() == Role.ADMINISTRATOR) {
            return new Account.Administrator(holder.contract().value());
        }
        return new Account.User(holder.contract().value(), holder.user().orElseThrow().value());
    }

    private static Optional<ContractId> contract(String text) {
        try {
            return Optional.of(new ContractId(text));
        } catch (IssuerException e) {
            return Optional.empty();
        }
    }
}
