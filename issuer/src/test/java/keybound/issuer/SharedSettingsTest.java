package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Settings shared by every node on one registry: recorded by the first, checked by the others, changed by adopt. */
@ParameterizedClass
@EnumSource(Engine.class)
class SharedSettingsTest extends IssuerTestBase {

    private static final Map<String, String> NODE_A = Map.of("contract.max-users", "99", "lockout.limit", "5",
            "secrets.hash.memory-kib", "65536");

    @Test
    void theFirstNodeRecordsAndALaterNodeThatDiffersIsRefusedNamingEveryKey() {
        issuer.sharedSettings().check(NODE_A);
        assertEquals(NODE_A, issuer.sharedSettings().recorded());
        issuer.sharedSettings().check(NODE_A); // the same file again: accepted

        var drifted = Map.of("contract.max-users", "99", "lockout.limit", "3", "secrets.hash.memory-kib", "19456");
        var refused = assertThrows(SharedSettingsDisagreeException.class, () -> issuer.sharedSettings().check(drifted));
        assertEquals(List.of(new SharedSettingsDisagreeException.Difference("lockout.limit", "5", "3"),
                new SharedSettingsDisagreeException.Difference("secrets.hash.memory-kib", "65536", "19456")), refused.differences());
        assertTrue(refused.getMessage().contains("lockout.limit is 3 here but 5 for the bank"), refused.getMessage());
        assertEquals(NODE_A, issuer.sharedSettings().recorded(), "a refused node changes nothing");
    }

    @Test
    void adoptMakesTheNewValuesTheBanksAndRefusesTheOldOnes() {
        issuer.sharedSettings().check(NODE_A);
        var raised = Map.of("contract.max-users", "200", "lockout.limit", "5", "secrets.hash.memory-kib", "65536");
        assertEquals(List.of("contract.max-users"), issuer.sharedSettings().adopt(raised));
        issuer.sharedSettings().check(raised);
        var refused = assertThrows(SharedSettingsDisagreeException.class, () -> issuer.sharedSettings().check(NODE_A));
        assertEquals("contract.max-users", refused.differences().get(0).key());
        assertEquals(1, Integer.parseInt(queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'SHARED_SETTING_CHANGED'")));
    }

    @Test
    void nodesStartingAtOnceOnAnEmptyRegistryAgreeOnWhatTheFirstRecorded() throws Exception {
        int nodes = 6;
        var start = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<Boolean>> started = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                String users = i % 2 == 0 ? "99" : "50";
                started.add(pool.submit(() -> {
                    start.await();
                    try {
                        issuer.sharedSettings().check(Map.of("contract.max-users", users));
                        return true;
                    } catch (SharedSettingsDisagreeException e) {
                        return false;
                    }
                }));
            }
            int accepted = 0;
            for (Future<Boolean> node : started) {
                accepted += node.get() ? 1 : 0;
            }
            // Exactly the nodes that share the first node's value start: three of six, whichever value won.
            assertEquals(3, accepted);
        } finally {
            pool.shutdownNow();
        }
    }
}
