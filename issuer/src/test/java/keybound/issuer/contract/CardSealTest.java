package keybound.issuer.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CardSealTest {

    private final CustomerCard card = new CustomerCard(2, 3, "112233445566".toCharArray());
    private final ContractId contract = new ContractId("0123456789");
    private final CardSeal seal = new CardSeal(SealingKeys.environment(new SecretKeySpec(new byte[32], "AES")));

    @Test
    void answersAreCheckedCellByCellInOrder() {
        String sealed = seal.seal(contract, card);
        assertFalse(sealed.contains("112233"));
        var cells = List.of(new CardCell(1, 2), new CardCell(0, 0));
        assertTrue(seal.matches(sealed, contract, cells, "6611".toCharArray()));
        assertFalse(seal.matches(sealed, contract, cells, "1166".toCharArray()));
        assertFalse(seal.matches(sealed, contract, cells, "661".toCharArray()));
        assertFalse(seal.matches(sealed, contract, List.of(), new char[0]), "no cells, no pass");
    }

    @Test
    void aSealedCardDoesNotOpenForAnotherContractOrKey() {
        String sealed = seal.seal(contract, card);
        var cells = List.of(new CardCell(0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> seal.matches(sealed, new ContractId("9999999999"), cells, "11".toCharArray()));
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThrows(IllegalArgumentException.class, () -> new CardSeal(SealingKeys.environment(new SecretKeySpec(otherKey, "AES")))
                .matches(sealed, contract, cells, "11".toCharArray()));
    }

    @Test
    void cellsOutsideTheCardAreRefused() {
        String sealed = seal.seal(contract, card);
        assertThrows(IllegalArgumentException.class,
                () -> seal.matches(sealed, contract, List.of(new CardCell(2, 0)), "11".toCharArray()));
    }
}
