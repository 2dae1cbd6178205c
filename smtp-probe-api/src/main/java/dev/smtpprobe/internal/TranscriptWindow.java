package dev.smtpprobe.internal;

import dev.smtpprobe.TranscriptEntry;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The entries of a {@link dev.smtpprobe.Transcript} snapshot without a copy: an optional first entry (the marker
 * saying what a bounded transcript dropped) and the first {@code size} elements of an array that its owner only
 * ever appends to beyond {@code size} and never changes below it, so that the view stays as it was when it was
 * made. Unmodifiable, like {@link java.util.List#copyOf}'s lists.
 */
public final class TranscriptWindow extends AbstractList<TranscriptEntry> implements RandomAccess {

    private final TranscriptEntry first;
    private final TranscriptEntry[] entries;
    private final int size;

    /**
     * A view of {@code first} (if not null) followed by {@code entries[0..size)}. The caller promises that no
     * element below {@code size} is ever written again and that none of them is null.
     */
    public TranscriptWindow(TranscriptEntry first, TranscriptEntry[] entries, int size) {
        Objects.checkFromIndexSize(0, size, entries.length);
        this.first = first;
        this.entries = entries;
        this.size = size;
    }

    @Override
    public TranscriptEntry get(int index) {
        if (first != null) {
            if (index == 0) {
                return first;
            }
            index--;
        }
        Objects.checkIndex(index, size);
        return entries[index];
    }

    @Override
    public int size() {
        return first != null ? size + 1 : size;
    }
}
