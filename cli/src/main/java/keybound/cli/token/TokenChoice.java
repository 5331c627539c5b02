package keybound.cli.token;

/**
 * A token as a later command finds it again: by {@code label} in the PKCS#11 library {@code module},
 * or by {@code serial} in the card readers {@code card} ({@code pcsc}, {@code pcsc:READER}, ...).
 * The fields of the other kind are null.
 */
public record TokenChoice(String module, String card, String label, String serial) {
}
