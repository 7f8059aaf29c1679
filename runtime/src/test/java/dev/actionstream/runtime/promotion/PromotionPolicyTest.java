package dev.actionstream.runtime.promotion;

import dev.actionstream.runtime.evaluation.Accuracy;
import dev.actionstream.runtime.evaluation.HeldOutComparison;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionPolicyTest {

    private static final String SERVING = "live.onnx";
    private final PromotionPolicy policy = new PromotionPolicy(0.05);

    @Test
    void promotesACandidateAtLeastAsAccurateThatLosesNoClassBeyondTheMargin() {
        PromotionPolicy.Verdict v = policy.judge(compare(
                accuracy("boxing", 48, 50, "squats", 45, 50), accuracy("boxing", 50, 50, "squats", 0, 50)), SERVING);
        assertTrue(v.promote(), v.reason());
        assertTrue(v.reason().startsWith("at least as accurate on 4 held-out captured clips (93.0 % against 50.0 %"),
                v.reason());
    }

    @Test
    void refusesACandidateThatLosesOneClassByMoreThanTheMargin() {
        PromotionPolicy.Verdict v = policy.judge(compare(
                accuracy("boxing", 46, 50, "squats", 50, 50), accuracy("boxing", 50, 50, "squats", 40, 50)), SERVING);
        assertFalse(v.promote());
        assertTrue(v.reason().equals("class 'boxing' drops from 100.0 % to 92.0 % on the held-out clips, more than "
                + "the 5.0 % margin"), v.reason());
    }

    @Test
    void aDropWithinTheMarginIsAllowed() {
        assertTrue(policy.judge(compare(accuracy("boxing", 48, 50, "squats", 50, 50),
                accuracy("boxing", 50, 50, "squats", 40, 50)), SERVING).promote());
    }

    @Test
    void refusesACandidateLessAccurateOverall() {
        PromotionPolicy.Verdict v = policy.judge(compare(accuracy("boxing", 40, 50, "squats", 40, 50),
                accuracy("boxing", 41, 50, "squats", 40, 50)), SERVING);
        assertFalse(v.promote());
        assertTrue(v.reason().startsWith("less accurate on 4 held-out captured clips: 80.0 % against 81.0 %"),
                v.reason());
    }

    @Test
    void aNewLabelCanOnlyGainEvenWhenTheCandidateIsWeakOnIt() {
        // The serving model does not know squats, so it scores 0 on them: the candidate's 20 % there is a gain.
        Accuracy active = accuracy("boxing", 40, 50, "squats", 0, 50);
        Accuracy candidate = accuracy("boxing", 40, 50, "squats", 10, 50);
        assertTrue(policy.judge(compare(candidate, active), SERVING).promote());
    }

    @Test
    void refusesWhenTheComparisonWasWithAModelThatNoLongerServes() {
        PromotionPolicy.Verdict v = policy.judge(compare(accuracy("boxing", 50, 50, "squats", 50, 50),
                accuracy("boxing", 10, 50, "squats", 10, 50)), "taught-2.onnx");
        assertFalse(v.promote());
        assertTrue(v.reason().contains("but taught-2.onnx serves now"), v.reason());
    }

    @Test
    void refusesWithoutHeldOutFigures() {
        PromotionPolicy.Verdict v = policy.judge(new HeldOutComparison(0, Map.of(), null, null, null,
                "no held-out captured clip"), SERVING);
        assertFalse(v.promote());
        assertTrue(v.reason().endsWith("no held-out captured clip"), v.reason());
        assertFalse(policy.judge(null, SERVING).promote());
    }

    @Test
    void aMarginOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PromotionPolicy(1.5));
        assertThrows(IllegalArgumentException.class, () -> new PromotionPolicy(-0.1));
    }

    private static HeldOutComparison compare(Accuracy candidate, Accuracy active) {
        return new HeldOutComparison(4, Map.of("boxing", 2, "squats", 2), candidate, SERVING, active, null);
    }

    private static Accuracy accuracy(String a, long rightA, long windowsA, String b, long rightB, long windowsB) {
        Map<String, Accuracy.ClassAccuracy> per = new LinkedHashMap<>();
        per.put(a, new Accuracy.ClassAccuracy(windowsA, rightA, (double) rightA / windowsA));
        per.put(b, new Accuracy.ClassAccuracy(windowsB, rightB, (double) rightB / windowsB));
        long w = windowsA + windowsB;
        long r = rightA + rightB;
        return new Accuracy(w, r, (double) r / w, per);
    }
}
