package keybound.logon;

import java.util.Objects;
import java.util.Optional;
import keybound.logon.otp.TotpKey;
import keybound.logon.otp.TotpVerdict;
import keybound.logon.otp.TotpVerifier;

/**
 * Checks a second-step answer against what was asked, through the bank's ports. Every factor is
 * checked, and counted toward the lockout when wrong, whatever the others said: a right イ
 * does not spare a wrong card or TOTP answer, nor the reverse. The count is cleared only when
 * every factor was right.
 */
final class SecondStepVerifier {

    private final SecretChecker secrets;
    private final CustomerCardChecker cards;
    private final TotpSeeds totpSeeds;
    private final Lockout lockout;
    private final TotpVerifier totp;

    SecondStepVerifier(SecretChecker secrets, CustomerCardChecker cards, TotpSeeds totpSeeds, Lockout lockout,
            TotpVerifier totp) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.cards = Objects.requireNonNull(cards, "cards");
        this.totpSeeds = Objects.requireNonNull(totpSeeds, "totpSeeds");
        this.lockout = Objects.requireNonNull(lockout, "lockout");
        this.totp = Objects.requireNonNull(totp, "totp");
    }

    /** Empty when the answer is right. */
    Optional<DenialReason> verify(PendingLogon pending, SecondFactor answer) {
        Account account = pending.account();
        if (account instanceof Account.User user && answer instanceof SecondFactor.UserPin pin) {
            return verifyUserPin(user, pin.pin());
        }
        Optional<DenialReason> verdict;
        if (account instanceof Account.Administrator administrator
                && pending.prompt() instanceof SecondStepPrompt.ContractPinAndOneTimePassword prompt
                && answer instanceof SecondFactor.ContractPinAndOneTimePassword otp
                && (otp.kind() == SecondFactor.OneTimePassword.CARD || prompt.totpAccepted())) {
            Optional<DenialReason> contractPin = denial(secrets.check(account, SecretKind.CONTRACT_PIN, otp.contractPin()),
                    DenialReason.WRONG_SECRET);
            Optional<DenialReason> oneTime = otp.kind() == SecondFactor.OneTimePassword.CARD
                    ? denial(cards.check(administrator, prompt.card().cells(), otp.password()),
                            DenialReason.WRONG_ONE_TIME_PASSWORD)
                    : checkTotp(administrator, otp.password());
            verdict = worse(contractPin, oneTime);
        } else {
            return Optional.of(DenialReason.WRONG_KIND_OF_ANSWER);
        }
        if (verdict.isEmpty()) {
            lockout.clearFailures(account);
        }
        return verdict;
    }

    /** A user's one factor, ト: empty when right (the failure count then cleared), else counted. */
    Optional<DenialReason> verifyUserPin(Account.User user, char[] pin) {
        Optional<DenialReason> verdict = denial(secrets.check(user, SecretKind.USER_PIN, pin), DenialReason.WRONG_SECRET);
        if (verdict.isEmpty()) {
            lockout.clearFailures(user);
        }
        return verdict;
    }

    /** A lock wins; otherwise the first factor's failure. */
    private static Optional<DenialReason> worse(Optional<DenialReason> first, Optional<DenialReason> second) {
        if (first.filter(DenialReason.ACCOUNT_LOCKED::equals).isPresent()) {
            return first;
        }
        if (second.filter(DenialReason.ACCOUNT_LOCKED::equals).isPresent()) {
            return second;
        }
        return first.or(() -> second);
    }

    private Optional<DenialReason> checkTotp(Account.Administrator administrator, char[] code) {
        Optional<TotpKey> key = totpSeeds.keyOf(administrator);
        if (key.isEmpty()) {
            return Optional.of(DenialReason.WRONG_KIND_OF_ANSWER);
        }
        if (lockout.isLocked(administrator)) {
            key.get().wipe();
            return Optional.of(DenialReason.ACCOUNT_LOCKED);
        }
        TotpVerdict verdict;
        try {
            verdict = totp.verify(ledgerSubject(administrator), key.get(), code);
        } finally {
            key.get().wipe();
        }
        if (verdict == TotpVerdict.ACCEPTED) {
            return Optional.empty();
        }
        // A replayed code counts too: whoever replays it does not hold the authenticator.
        FactorCheck counted = lockout.countFailure(administrator);
        if (counted == FactorCheck.LOCKED) {
            return Optional.of(DenialReason.ACCOUNT_LOCKED);
        }
        return Optional.of(verdict == TotpVerdict.REPLAYED
                ? DenialReason.ONE_TIME_PASSWORD_REPLAYED : DenialReason.WRONG_ONE_TIME_PASSWORD);
    }

    private static Optional<DenialReason> denial(FactorCheck check, DenialReason whenRejected) {
        if (check == FactorCheck.ACCEPTED) {
            return Optional.empty();
        }
        return Optional.of(check == FactorCheck.LOCKED ? DenialReason.ACCOUNT_LOCKED : whenRejected);
    }

    static String ledgerSubject(Account.Administrator administrator) {
        return "administrator:" + administrator.contractId();
    }
}
