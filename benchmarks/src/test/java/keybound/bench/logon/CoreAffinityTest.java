package keybound.bench.logon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoreAffinityTest {

    @Test
    void expandsTasksetsCpuLists() {
        assertEquals(List.of(0, 1), CoreAffinity.cpus("0,1"));
        assertEquals(List.of(0, 1, 2, 3), CoreAffinity.cpus("0-3"));
        assertEquals(List.of(2, 4, 5, 6, 9), CoreAffinity.cpus("2,4-6,9"));
        assertEquals(List.of(0), CoreAffinity.cpus("0"));
    }

    @Test
    void aPlanPinsOnlyWithTwoCores() {
        CoreAffinity.Plan none = CoreAffinity.Plan.unpinned("0", "no second core");
        assertEquals(false, none.pinned());
        assertEquals("NOT pinned (no second core)", none.description());
    }
}
