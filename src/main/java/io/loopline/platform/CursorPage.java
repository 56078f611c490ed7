package io.loopline.platform;

import java.util.List;

/**
 * One page of a list read with keyset paging: {@code next} is the cursor to pass for the page
 * after this one, absent on the last page.
 */
public record CursorPage<T>(List<T> items, String next) {}
