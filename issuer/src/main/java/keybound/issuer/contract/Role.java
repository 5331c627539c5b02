package keybound.issuer.contract;

/** Whom a certificate is for: the contract's administrator (管理者) or one of its users (利用者). */
public enum Role {
    ADMINISTRATOR, USER
}
