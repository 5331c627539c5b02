package keybound.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;
import keybound.cli.token.TokenCommand;
import keybound.cli.token.TokenOptions;
import keybound.issuer.refusal.IssuerException;
import keybound.token.pkcs11.Pkcs11Module;
import keybound.token.pkcs11.Pkcs11Token;

/**
 * The module and package rules, checked on the main classes of every module the CLI sees (all of
 * them but the benchmarks).
 */
@AnalyzeClasses(packages = "keybound", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** Test code that reaches the classpath as another module's test-jar (the server's bank fixture) is not main code either. */
    public static final class DoNotIncludeTestJars implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

        @Override
        public boolean includes(Location location) {
            return !location.matches(TEST_JAR);
        }
    }

    /** The customer's station: its commands, the token choice and the card readers. */
    private static final String[] STATION = {"keybound.cli.station..", "keybound.cli.token..", "keybound.cli.card.."};

    /** The bank's side, which a customer's machine must not carry. */
    private static final String[] BANK_SIDE = {"keybound.issuer..", "keybound.server..", "keybound.logon..",
        "keybound.credentials.."};

    @ArchTest
    static final ArchRule stationImportsNothingOfTheBank = noClasses().that().resideInAnyPackage(STATION)
            .should().dependOnClassesThat().resideInAnyPackage(BANK_SIDE)
            .because("the station talks to the bank through bank-api only; the bank tells it who holds a certificate");

    /**
     * Everything the station reaches, through the shared CLI plumbing too, stays clear of the bank's
     * side: so the station needs no module beyond token-adapter, bank-api and the card simulator.
     */
    @ArchTest
    static final ArchRule stationReachesNothingOfTheBank = noClasses().that().resideInAnyPackage(STATION)
            .should().transitivelyDependOnClassesThat().resideInAnyPackage(BANK_SIDE);

    @ArchTest
    static final ArchRule bankApiStaysAClientLibrary = noClasses().that().resideInAPackage("keybound.bankapi..")
            .should().dependOnClassesThat().resideInAnyPackage("keybound.issuer..", "keybound.server..", "keybound.logon..",
                    "keybound.credentials..", "keybound.cli..", "org.eclipse.jetty..", "org.h2..", "org.flywaydb..")
            .because("bank-api is what server and clients share; it depends on token-adapter, Jackson and BouncyCastle only");

    /**
     * Loading a PKCS#11 library is wiring: the Token API is the seam everyone else uses. Today the
     * places that open a module are the station's token choice (TokenOptions, and TokenCommand,
     * which initialises tokens), the bank's CA token (the server's wiring: BankAssembly) and the
     * demo; nothing else may. (The benchmarks, which this
     * module does not see, open SoftHSM tokens too.)
     */
    @ArchTest
    static final ArchRule onlyWiringTouchesPkcs11 = noClasses()
            .that(not(resideInAnyPackage("keybound.token..", "keybound.server.wiring..", "keybound.cli.demo..")))
            .and(not(belongToAnyOf(TokenOptions.class, TokenCommand.class)))
            .should().dependOnClassesThat().resideInAPackage("keybound.token.pkcs11..");

    /**
     * Even wiring only opens a module and picks a token: everything after that goes through the
     * Token API. (Pkcs11Token is allowed because {@code Pkcs11Module.token} returns it, so a call
     * such as {@code module.token(label).open(pin)} is compiled against it.)
     */
    @ArchTest
    static final ArchRule wiringOnlyOpensAModule = noClasses().that().resideOutsideOfPackage("keybound.token..")
            .should().dependOnClassesThat(resideInAPackage("keybound.token.pkcs11..")
                    .and(not(belongToAnyOf(Pkcs11Module.class, Pkcs11Token.class))));

    @ArchTest
    static final ArchRule issuerRefusalsLiveTogether = classes().that().areAssignableTo(IssuerException.class)
            .should().resideInAPackage("keybound.issuer.refusal");
}
