package keybound.cli;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.PackageTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Build gate: no class name is written fully qualified inside code ({@code new java.util.Date()},
 * {@code keybound.token.Pin.of(..)}); code imports it instead. Imports, comments and strings are
 * not code and are never looked at: the sources are parsed by javac, not matched by patterns.
 *
 * <p>A qualified name that must stay (two classes with one simple name in a file) is listed in
 * {@code cli/src/test/resources/inline-names.allow} as {@code <file> <qualified name> # reason}. An entry
 * without a reason, or one that no longer matches anything, fails the gate too. Every source of the
 * repository is read, not only this module's.
 */
class InlineNamesTest {

    /** The first segment of every package a keybound source can name. */
    private static final Set<String> ROOTS = Set.of(
            "java", "javax", "jdk", "sun", "com", "org", "net", "io", "jakarta", "keybound", "picocli");
    private static final Path ALLOW_LIST = Path.of("cli", "src", "test", "resources", "inline-names.allow");
    /** The repository: tests run in the module's directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void noClassNameIsWrittenInline() throws IOException {
        Path root = ROOT;
        Map<String, String> allowed = readAllowList(root.resolve(ALLOW_LIST));
        List<Path> sources = javaSources(root);
        Set<String> used = new TreeSet<>();
        List<String> findings = new ArrayList<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null, units);
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                String file = root.relativize(Path.of(unit.getSourceFile().toUri())).toString();
                new Finder(unit, positions, (position, name) -> {
                    String key = file + " " + name;
                    if (allowed.containsKey(key)) {
                        used.add(key);
                    } else {
                        long line = unit.getLineMap().getLineNumber(position);
                        findings.add(file + ":" + line + ": " + name + " written inline; import it");
                    }
                }).scan(unit, null);
            }
        }
        for (String entry : allowed.keySet()) {
            if (!used.contains(entry)) {
                findings.add(ALLOW_LIST + ": '" + entry + "' matches nothing any more; remove it");
            }
        }
        allowed.forEach((entry, reason) -> {
            if (reason.isBlank()) {
                findings.add(ALLOW_LIST + ": '" + entry + "' gives no reason (# why it must stay qualified)");
            }
        });
        assertEquals(List.of(), findings, findings.size() + " inline qualified name(s) in " + sources.size()
                + " sources: import the class, or rename one of two clashing classes, or list it with a reason in "
                + ALLOW_LIST);
    }

    /** "file qualified.Name" to its reason; lines starting with # and blank lines are skipped. */
    private static Map<String, String> readAllowList(Path list) throws IOException {
        TreeMap<String, String> entries = new TreeMap<>();
        if (!Files.exists(list)) {
            return entries;
        }
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int hash = text.indexOf('#');
            String entry = (hash < 0 ? text : text.substring(0, hash)).strip().replaceAll("\\s+", " ");
            entries.put(entry, hash < 0 ? "" : text.substring(hash + 1).strip());
        }
        return entries;
    }

    private static List<Path> javaSources(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                    .filter(p -> {
                        Path relative = root.relativize(p);
                        for (Path part : relative) {
                            String name = part.toString();
                            if (name.equals("target") || name.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        }
    }

    private interface Report {
        void found(long position, String qualifiedName);
    }

    /** Walks the code of one file; the package line and the imports are skipped. */
    private static final class Finder extends TreePathScanner<Void, Void> {

        private final CompilationUnitTree unit;
        private final SourcePositions positions;
        private final Report report;

        Finder(CompilationUnitTree unit, SourcePositions positions, Report report) {
            this.unit = unit;
            this.positions = positions;
            this.report = report;
        }

        @Override
        public Void visitPackage(PackageTree tree, Void unused) {
            return null;
        }

        @Override
        public Void visitImport(ImportTree tree, Void unused) {
            return null;
        }

        @Override
        public Void visitMemberSelect(MemberSelectTree tree, Void unused) {
            List<String> names = dotted(tree);
            if (names != null && ROOTS.contains(names.get(0))) {
                // package segments start in lower case; the first capitalised one is the class
                for (int i = 1; i < names.size(); i++) {
                    if (Character.isUpperCase(names.get(i).charAt(0))) {
                        report.found(positions.getStartPosition(unit, tree), String.join(".", names.subList(0, i + 1)));
                        return null;
                    }
                }
            }
            return super.visitMemberSelect(tree, null);
        }

        /** a.b.C.d as [a, b, C, d], or null when the chain starts with anything but a plain name. */
        private static List<String> dotted(MemberSelectTree tree) {
            Deque<String> names = new ArrayDeque<>();
            ExpressionTree current = tree;
            while (current instanceof MemberSelectTree select) {
                names.addFirst(select.getIdentifier().toString());
                current = select.getExpression();
            }
            if (!(current instanceof IdentifierTree first)) {
                return null;
            }
            names.addFirst(first.getName().toString());
            return List.copyOf(names);
        }
    }
}
