package dev.tributary.core.filter;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Shows the CESQL lexer upper-cased characters, because the grammar spells keywords in upper case while CESQL is
 * case-insensitive; token text, and so error messages, keep the case the user wrote. Single-threaded, like the lexer.
 */
final class UpperCaseCharStream implements CharStream {
    private final CharStream input;

    UpperCaseCharStream(CharStream input) {
        this.input = input;
    }

    @Override
    public int LA(int i) {
        int c = input.LA(i);
        return c <= 0 ? c : Character.toUpperCase(c);
    }

    @Override
    public String getText(Interval interval) {
        return input.getText(interval);
    }

    @Override
    public void consume() {
        input.consume();
    }

    @Override
    public int mark() {
        return input.mark();
    }

    @Override
    public void release(int marker) {
        input.release(marker);
    }

    @Override
    public int index() {
        return input.index();
    }

    @Override
    public void seek(int index) {
        input.seek(index);
    }

    @Override
    public int size() {
        return input.size();
    }

    @Override
    public String getSourceName() {
        return input.getSourceName();
    }
}
