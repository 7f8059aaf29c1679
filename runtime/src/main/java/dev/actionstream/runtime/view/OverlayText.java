package dev.actionstream.runtime.view;

/**
 * Sees every string the overlay draws and where: lets tests check that text fits the frame and says what the label
 * event says. Called on the {@code view-jpeg} thread with the painter's reused buffer: copy what must outlive the call.
 */
@FunctionalInterface
interface OverlayText {

    /** What a string is for. */
    enum Role { HEADLINE, DETAIL, TOP_K, STATE, REASON, STRIP }

    /** Nobody looks: what the live view uses. */
    OverlayText NONE = (role, chars, offset, length, x, top, width, height) -> { };

    /**
     * @param chars  the drawn text is {@code chars[offset, offset + length)}
     * @param top    the top of the text's ascent; {@code height} is ascent plus descent
     */
    void drawn(Role role, char[] chars, int offset, int length, int x, int top, int width, int height);
}
