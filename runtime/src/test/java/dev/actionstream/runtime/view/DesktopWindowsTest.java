package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.GraphicsEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesktopWindowsTest {

    @Test
    void refusesClearlyWithoutADisplayAndOpensAWindowPerStreamWithOne() {
        try (LiveView view = new LiveView(List.of("cam1", "door"), new SimpleMeterRegistry())) {
            if (GraphicsEnvironment.isHeadless()) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> DesktopWindows.open(view));
                assertTrue(e.getMessage().contains("needs a display") && e.getMessage().contains("browser"),
                        e.getMessage());
                assertEquals(false, view.wanted("cam1"), "nothing watches after the refusal");
            } else {
                try (DesktopWindows windows = DesktopWindows.open(view)) {
                    assertEquals(2, windows.openCount());
                    assertTrue(view.wanted("cam1"), "an open window taps frames");
                }
                assertEquals(false, view.wanted("cam1"), "closing the windows stops tapping");
            }
        }
    }
}
