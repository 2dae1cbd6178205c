package dev.smtpprobe.internal;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The first {@code size} elements of an array that its owner only ever appends to beyond {@code size} and never
 * changes below it, as an unmodifiable list that stays as it was when it was made: a snapshot without a copy (the
 * exchanges of a {@link dev.smtpprobe.Transcript}).
 *
 * @param <E> the element type
 */
public final class AppendOnlyWindow<E> extends AbstractList<E> implements RandomAccess {

    private final E[] elements;
    private final int size;

    /** A view of {@code elements[0..size)}; the caller promises that none of them is null or ever written again. */
    public AppendOnlyWindow(E[] elements, int size) {
        Objects.checkFromIndexSize(0, size, elements.length);
        this.elements = elements;
        this.size = size;
    }

    @Override
    public E get(int index) {
        Objects.checkIndex(index, size);
        return elements[index];
    }

    @Override
    public int size() {
        return size;
    }
}
