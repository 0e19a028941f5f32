package example.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The application runs as a named module, on fanout's modules, and gets its users. */
class ModularUseTest {

    @Test
    void fetchesUsersAtOnceAndReadsThemIntoRecordsOnTheModulePath() throws Exception {
        assertTrue(Main.class.getModule().isNamed(), "the application runs as a module");
        assertEquals("example.modular", Main.class.getModule().getName());

        Main.main(new String[0]); // throws if any check or any result is off
    }
}
