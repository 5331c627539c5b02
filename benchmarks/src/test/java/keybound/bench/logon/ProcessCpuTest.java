package keybound.bench.logon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

    /** A stat line as Linux writes it, with utime and stime (14th and 15th fields) set. */
    private static String statLine(long tid, String comm, long userTicks, long kernelTicks) {
        return tid + " (" + comm + ") S 1 1 1 0 -1 4194560 100 0 0 0 " + userTicks + " " + kernelTicks
                + " 0 0 20 0 30 0 3249319 3133440 408 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    }

    @Test
    void readsUserAndKernelTicksAfterTheName() {
        ProcessCpu.Stat stat = ProcessCpu.Stat.parse(statLine(7, "bank-server-12", 250, 40));
        assertEquals("bank-server-12", stat.comm());
        assertEquals(250, stat.userTicks());
        assertEquals(40, stat.kernelTicks());
        ThreadCpu.Usage usage = stat.usage();
        assertEquals(2_900_000_000L, usage.cpu(), "ticks of 10 ms");
        assertEquals(2_500_000_000L, usage.user());
        assertEquals(400_000_000L, usage.kernel());
    }

    @Test
    void aNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        ProcessCpu.Stat stat = ProcessCpu.Stat.parse(statLine(8, "a) b (c) 3 4", 5, 6));
        assertEquals("a) b (c) 3 4", stat.comm());
        assertEquals(5, stat.userTicks());
        assertEquals(6, stat.kernelTicks());
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.Stat.parse("no name here"));
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.Stat.parse("1 (java) S 1 2 3"));
    }

    @Test
    void countsOnlyThreadsWhoseNameStartsWithThePrefix(@TempDir Path task) throws IOException {
        thread(task, 101, "bank-server-101", 300, 30);
        thread(task, 102, "bank-server-102", 100, 10);
        thread(task, 103, "bare-tls-103", 999, 99);
        thread(task, 104, "G1 Young RemSet", 50, 5);
        Map<Long, ThreadCpu.Usage> bank = ProcessCpu.threadsNamed(task, "bank-server");
        assertEquals(Map.of(101L, new ThreadCpu.Usage(3_300_000_000L, 3_000_000_000L),
                102L, new ThreadCpu.Usage(1_100_000_000L, 1_000_000_000L)), bank);
        assertEquals(Map.of(103L, new ThreadCpu.Usage(10_980_000_000L, 9_990_000_000L)), ProcessCpu.threadsNamed(task, "bare-tls"));
    }

    @Test
    void tellsTheJvmsOwnThreadsFromTheApplications() {
        for (String jvm : new String[] {"C2 CompilerThre", "C1 CompilerThre", "GC Thread#0", "G1 Conc#0", "G1 Refine#1", "VM Thread"}) {
            assertEquals(true, ProcessCpu.isJvmThread(jvm), jvm);
        }
        for (String application : new String[] {"bank-server-17", "bare-tls-3", "VM Periodic Tas", "logon-purge", "java"}) {
            assertEquals(false, ProcessCpu.isJvmThread(application), application);
        }
    }

    @Test
    void aPrefixLongerThanWhatProcKeepsIsRefused(@TempDir Path task) {
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.threadsNamed(task, "a-thread-name-of-20"));
    }

    @Test
    void readsThisProcess() {
        ThreadCpu.Usage usage = ProcessCpu.ofProcess(ProcessHandle.current().pid());
        assertEquals(true, usage.cpu() > 0, "a JVM that ran this far used some CPU");
    }

    private static void thread(Path task, long tid, String comm, long user, long kernel) throws IOException {
        Path directory = Files.createDirectory(task.resolve(Long.toString(tid)));
        Files.writeString(directory.resolve("stat"), statLine(tid, comm, user, kernel));
    }
}
