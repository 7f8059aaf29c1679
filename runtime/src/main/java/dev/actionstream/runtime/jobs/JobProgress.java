package dev.actionstream.runtime.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;

import java.io.IOException;

/**
 * The latest progress of a job's trainer, from its {@code @progress} lines: the stage and, while training, epoch and
 * batch with running loss and accuracy, the last epoch's validation figures and the trainer's ETA. Absent numbers
 * are null. {@code fraction} is the share of all batches done, for a progress bar.
 */
public record JobProgress(String phase, Integer epoch, Integer epochs, Integer batch, Integer batches, Double loss,
                          Double accuracy, Double valLoss, Double valAccuracy, Double etaSeconds, double fraction) {

    /** The trainer's line prefix ({@code JsonLinesProgress.PREFIX} in the trainer, which the runtime cannot see). */
    static final String PREFIX = "@progress ";

    static JobProgress starting(String phase) {
        return new JobProgress(phase, null, null, null, null, null, null, null, null, null, 0);
    }

    /** This progress updated by one trainer line, or itself when the line is not a progress line. */
    JobProgress update(String line) {
        if (!line.startsWith(PREFIX)) {
            return this;
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line.substring(PREFIX.length()));
        } catch (IOException e) {
            return this;
        }
        if (n == null || !n.hasNonNull("phase")) {
            return this;
        }
        String p = n.get("phase").asText();
        Integer ep = integer(n, "epoch", epoch);
        Integer eps = integer(n, "epochs", epochs);
        Integer b = integer(n, "batch", batch);
        Integer bs = integer(n, "batches", batches);
        double frac = fraction;
        if ("epoch".equals(p) && ep != null && eps != null) {
            frac = (double) ep / eps;
            p = "training";
        } else if ("training".equals(p) && ep != null && eps != null && b != null && bs != null && bs > 0) {
            frac = ((ep - 1) + (double) b / bs) / eps;
        } else if (!"training".equals(p) && !"decoding".equals(p)) {
            frac = 1;
        }
        return new JobProgress(p, ep, eps, b, bs, decimal(n, "loss", loss), decimal(n, "accuracy", accuracy),
                decimal(n, "valLoss", valLoss), decimal(n, "valAccuracy", valAccuracy),
                n.has("etaSeconds") ? decimal(n, "etaSeconds", null) : ("training".equals(p) ? etaSeconds : null),
                Math.min(1, Math.max(0, frac)));
    }

    JobProgress withPhase(String newPhase) {
        return new JobProgress(newPhase, epoch, epochs, batch, batches, loss, accuracy, valLoss, valAccuracy, null,
                fraction);
    }

    private static Integer integer(JsonNode n, String f, Integer fallback) {
        return n.hasNonNull(f) && n.get(f).canConvertToInt() ? Integer.valueOf(n.get(f).asInt()) : fallback;
    }

    private static Double decimal(JsonNode n, String f, Double fallback) {
        return n.hasNonNull(f) && n.get(f).isNumber() ? Double.valueOf(n.get(f).asDouble()) : fallback;
    }
}
