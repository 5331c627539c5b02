package keybound.issuer.contract;

import java.util.Optional;

/** Who holds a certificate: a contract's administrator, or one of its users ({@code user} present). */
public record CertificateHolder(Role role, ContractId contract, Optional<UserId> user, BankCode bank) {

    public static CertificateHolder administrator(ContractId contract, BankCode bank) {
        return new CertificateHolder(Role.ADMINISTRATOR, contract, Optional.empty(), bank);
    }

    public static CertificateHolder user(ContractId contract, UserId user, BankCode bank) {
        return new CertificateHolder(Role.USER, contract, Optional.of(user), bank);
    }
}
