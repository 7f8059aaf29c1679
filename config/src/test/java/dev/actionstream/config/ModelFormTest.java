package dev.actionstream.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFormTest {

    @Test
    void shouldReadAMissingFormAsFull() {
        assertEquals(ModelForm.FULL, ModelForm.of(null));
        assertEquals(ModelForm.FULL, ModelForm.of(" "));
        assertEquals(ModelForm.HEAD, ModelForm.of(" Head "));
        assertEquals("encoder", ModelForm.ENCODER.id());
    }

    @Test
    void shouldRejectAnUnknownFormNamingKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelForm.of("tail"));
        assertTrue(e.getMessage().contains("actionstream.form") && e.getMessage().contains("'tail'"), e.getMessage());
    }

    @Test
    void shouldChainTheSplitFormsThroughFeatures() {
        assertEquals(ModelForm.FULL.input(), "frames");
        assertEquals(ModelForm.ENCODER.output(), ModelForm.HEAD.input());
        assertEquals(ModelForm.FULL.output(), ModelForm.HEAD.output());
    }
}
