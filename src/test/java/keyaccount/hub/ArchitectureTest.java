package keyaccount.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's dependency rules (conventions.md, "The shape of the code"): adapters (system.*) ->
 * forms and customers -> core; consolidation, api and ops above them; simulators apart. A form says
 * what it causes outside through a port it owns, which the adapter implements.
 */
class ArchitectureTest {
    private static final String HUB = "keyaccount.hub";
    private static JavaClasses hub;

    @BeforeAll
    static void importHub() {
        hub = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(HUB);
    }

    @Test
    void coreKnowsNoFormNoCustomerAndNoOutsideSystem() {
        noClasses().that().resideInAPackage(HUB + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(HUB + ".form..", HUB + ".customer..",
                        HUB + ".system..", HUB + ".consolidation..", HUB + ".api..", HUB + ".ops..", HUB + ".sim..")
                .check(hub);
    }

    @Test
    void formsAndCustomersReachOutsideSystemsOnlyThroughTheirPorts() {
        noClasses().that().resideInAnyPackage(HUB + ".form..", HUB + ".customer..")
                .should().dependOnClassesThat().resideInAnyPackage(HUB + ".system..")
                .check(hub);
    }

    @Test
    void formsLeaveTheWireToTheAdapters() {
        // what a form causes outside goes through its ports; the adapters build the messages and queue them
        noClasses().that().resideInAnyPackage(HUB + ".form..", HUB + ".customer..")
                .should().dependOnClassesThat().resideInAPackage(HUB + ".core.outbox..")
                .check(hub);
    }

    @Test
    void nothingBelowDependsOnWhatIsAboveIt() {
        noClasses().that().resideInAnyPackage(HUB + ".core..", HUB + ".form..", HUB + ".customer..", HUB + ".system..",
                        HUB + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(HUB + ".consolidation..", HUB + ".api..",
                        HUB + ".ops..", HUB + ".sim..")
                .check(hub);
    }

    @Test
    void eachOutsideSystemsAdapterStandsAlone() {
        slices().matching(HUB + ".system.(*)..").should().notDependOnEachOther().check(hub);
    }

    @Test
    void theWireIsItself() {
        // icd: the names the interface fixes, which the hub and every peer share
        noClasses().that().resideInAPackage(HUB + ".icd..")
                .should().dependOnClassesThat().resideOutsideOfPackages(HUB + ".icd..", "java..")
                .check(hub);
    }

    /** Besides the wire (icd), nothing of the hub. */
    @Test
    void theSimulatorsSpeakOnlyTheWire() {
        noClasses().that().resideInAPackage(HUB + ".sim..")
                .should().dependOnClassesThat().resideInAnyPackage(HUB + ".core..", HUB + ".form..", HUB + ".customer..",
                        HUB + ".system..", HUB + ".config..", HUB + ".consolidation..", HUB + ".api..", HUB + ".ops..")
                .check(hub);
    }

    @Test
    void theHubDependsOnNoSimulator() {
        noClasses().that().resideOutsideOfPackage(HUB + ".sim..").and().resideInAPackage(HUB + "..")
                .should().dependOnClassesThat().resideInAPackage(HUB + ".sim..")
                .check(hub);
    }
}
