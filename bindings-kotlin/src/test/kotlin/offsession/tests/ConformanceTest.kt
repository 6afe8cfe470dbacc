package offsession.tests

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory

/** Every shared conformance case, one dynamic test each, each against a fresh simulator. */
class ConformanceTest {
    @TestFactory
    fun everyCase(): List<DynamicTest> {
        val files = Conformance.caseFiles()
        assertFalse(files.isEmpty(), "no case files in ${Conformance.casesDirectory}")
        return files.map { file ->
            DynamicTest.dynamicTest(file.nameWithoutExtension) { runBlocking { Conformance.run(file) } }
        }
    }
}

/** The runner must be able to fail, or its passes mean nothing. */
class RunnerSelfCheckTest {
    private fun run(steps: String) = Sim().use { sim ->
        runBlocking {
            CaseRunner(sim, Json.parseToJsonElement("""{"name": "self-check", "steps": $steps}""")).run()
        }
    }

    @Test
    fun aPassingCasePasses() = run(
        """[{"do": "create_customer", "with": {"email": "a@example.com"}, "as": "c",
             "expect": {"id": {"prefix": "cus_"}}},
            {"sim": "objects", "with": {"kind": "customers"}, "expect": {"data.0.id": {"equals": "${'$'}c.id"}}}]""",
    )

    @Test
    fun whatIsWrongOrInexpressibleFails() {
        val wrong = listOf(
            """[{"do": "create_customer", "with": {"email": "a@example.com"}, "expect": {"email": {"equals": "b@example.com"}}}]""",
            """[{"do": "create_customer", "expect_error": {"kind": {"equals": "card_error"}}}]""",
            """[{"do": "teleport_customer"}]""",
            """[{"sim": "teleport"}]""",
            """[{"do": "create_customer", "with": {"favourite_colour": "blue"}}]""",
            """[{"do": "create_customer", "expect": {"id": {"resembles": "cus_"}}}]""",
            """[{"do": "retrieve_customer", "with": {"id": "${'$'}nothing.id"}}]""",
            """[{"do": "retrieve_customer", "with": {"id": "cus_missing"}}]""",
            """[{"do": "complete_setup_from_event", "with": {"event": {"id": "evt_1"}}}]""",
        )
        for (steps in wrong) {
            assertThrows(CaseError::class.java, { run(steps) }, "passed: $steps")
        }
    }
}
