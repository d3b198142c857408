package dev.hoist.agent.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The agent depends on the protocol module only, never on the controller. */
@AnalyzeClasses(packages = "dev.hoist", importOptions = ImportOption.DoNotIncludeTests.class)
class AgentArchitectureTest {

    @ArchTest
    static final ArchRule agentNeverUsesControllerClasses = noClasses()
            .that().resideInAPackage("dev.hoist.agent..")
            .should().dependOnClassesThat().resideInAPackage("dev.hoist.controller..")
            .because("the agent ships alone and depends on protocol/ only (style.md)");
}
