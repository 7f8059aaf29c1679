package dev.actionstream.runtime.promotion;

/** A promotion or rollback that cannot be done, with the HTTP status that says why; the serving model is unchanged. */
public final class PromotionRefusedException extends Exception {

    private final int status;

    public PromotionRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
