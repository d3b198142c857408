package dev.hoist.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: adapters depend on {@code core}; {@code core} depends on none of them. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hoist.controller");
    }

    @Test
    void coreDependsOnNoAdapterAndNoFramework() {
        noClasses().that().resideInAPackage("dev.hoist.controller.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.hoist.api..", "dev.hoist.controller.resources..",
                        "dev.hoist.controller.store..", "dev.hoist.controller.gateway..",
                        "dev.hoist.controller.pki..", "dev.hoist.controller.auth..",
                        "dev.hoist.controller.errors..", "dev.hoist.controller.audit..",
                        "io.dropwizard..", "jakarta.ws..", "org.jdbi..", "io.netty..", "org.bouncycastle..",
                        "com.fasterxml.jackson..", "dev.hoist.protocol.v1..")
                .check(classes);
    }

    @Test
    void resourcesReachTheStoreOnlyThroughCorePorts() {
        noClasses().that().resideInAnyPackage("dev.hoist.controller.resources..", "dev.hoist.api..",
                        "dev.hoist.controller.auth..", "dev.hoist.controller.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hoist.controller.store..", "org.jdbi..",
                        "dev.hoist.controller.gateway..")
                .check(classes);
    }

    @Test
    void theStoreKnowsNothingOfHttp() {
        noClasses().that().resideInAPackage("dev.hoist.controller.store..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws..", "dev.hoist.controller.resources..",
                        "dev.hoist.api..")
                .check(classes);
    }

    /** The REST types are shared with the CLI: they must not drag the controller or a framework along. */
    @Test
    void theApiTypesNeedOnlyTheJdkAndJacksonAnnotations() {
        JavaClasses api = new ClassFileImporter().importPackages("dev.hoist.api");
        classes().that().resideInAPackage("dev.hoist.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.hoist.api..", "java..",
                        "com.fasterxml.jackson.annotation..")
                .check(api);
    }
}
